"""Writes rows that collide when two workers share one database: a fixed key, held for a moment, then removed."""

import os
import time

import dburl


def write_and_check(key):
    connection, mark = dburl.connect()
    cursor = connection.cursor()
    cursor.execute(f"INSERT INTO items (name, slot) VALUES ({mark}, {mark})", (key, os.environ.get("FANOUT_SLOT", "")))
    connection.commit()
    time.sleep(0.3)
    cursor.execute("SELECT COUNT(*) FROM items")
    count = cursor.fetchone()[0]
    cursor.execute(f"DELETE FROM items WHERE name = {mark}", (key,))
    connection.commit()
    cursor.execute("SELECT name FROM fixtures")
    fixtures = [row[0] for row in cursor.fetchall()]
    connection.close()
    assert count == 1, "another worker wrote into this database"
    assert fixtures == ["from the template"]
