import slotrecord


def test_records_what_its_slot_gives_it():
    slotrecord.record()
