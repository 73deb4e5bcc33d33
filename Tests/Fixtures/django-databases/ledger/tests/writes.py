"""Rows that collide when two workers share one database: each test commits a row of a fixed key (unique) and
waits while the other slot's tests do the same, and TransactionTestCase then empties the tables under them.
Four files hold these tests, so that both slots run them at once."""
import time

from ledger.models import Entry


class CommitsRows:
    def test_commits_its_row_alone(self):
        Entry.objects.create(key="commit")
        time.sleep(0.3)
        self.assertEqual(Entry.objects.filter(key="commit").count(), 1)

    def test_commits_another_row_alone(self):
        Entry.objects.create(key="commit-b")
        time.sleep(0.2)
        self.assertEqual(Entry.objects.filter(key__startswith="commit").count(), 1)


class RollsBackRows:
    def test_sees_its_rolled_back_row(self):
        Entry.objects.create(key="rolled-back")
        time.sleep(0.2)
        self.assertEqual(Entry.objects.filter(key="rolled-back").count(), 1)
