"""fanout_django_databases.py: per-worker test databases. Each host makes its template once, each slot clones it
once and its later batches use the clone without migrating; the session's end drops what the run made, and a
kept run's clones are used again while their migrations are the template's."""

import os
import sqlite3
import sys
import textwrap

import pytest

from runner_harness import DJANGO_RUNNER_DIRECTORY, UNITTEST_RUNNER_DIRECTORY, finished, run

pytest.importorskip("django")

TESTS = textwrap.dedent("""
    from django.db import connection
    from django.test import TransactionTestCase

    from polls.models import Row


    class Writes(TransactionTestCase):
        def test_writes_a_row_no_other_worker_sees(self):
            Row.objects.create(key="only-one")
            self.assertEqual(Row.objects.filter(key="only-one").count(), 1)

        def test_database_is_the_slots_clone(self):
            self.assertTrue(connection.settings_dict["NAME"].endswith(%r), connection.settings_dict["NAME"])
""")


def project(root, clone_suffix):
    (root / "mysite").mkdir()
    (root / "mysite" / "__init__.py").write_text("")
    (root / "mysite" / "settings.py").write_text(textwrap.dedent("""
        SECRET_KEY = "test"
        import os
        INSTALLED_APPS = os.environ.get("FIXTURE_APPS", "polls").split(",")
        DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3",
                                 "TEST": {"NAME": "test_db.sqlite3"}}}
        USE_TZ = True
        DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
    """))
    (root / "manage.py").write_text(textwrap.dedent("""
        import os
        import sys

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")
        from django.core.management import execute_from_command_line

        execute_from_command_line(sys.argv)
    """))
    (root / "polls").mkdir()
    (root / "polls" / "__init__.py").write_text("")
    (root / "polls" / "models.py").write_text(textwrap.dedent("""
        from django.db import models


        class Row(models.Model):
            key = models.CharField(max_length=20, unique=True)
    """))
    (root / "polls" / "migrations").mkdir()
    (root / "polls" / "migrations" / "__init__.py").write_text("")
    (root / "polls" / "migrations" / "0001_initial.py").write_text(textwrap.dedent("""
        from django.db import migrations, models


        class Migration(migrations.Migration):
            initial = True
            operations = [migrations.CreateModel("Row", [
                ("id", models.AutoField(primary_key=True)), ("key", models.CharField(max_length=20, unique=True))])]
    """))
    (root / "polls" / "tests.py").write_text(TESTS % clone_suffix)


def batch(root, state, slot, keep=False, drop=False, apps="polls"):
    path = os.pathsep.join([str(DJANGO_RUNNER_DIRECTORY), str(UNITTEST_RUNNER_DIRECTORY)])
    environment = {"PYTHONPATH": path, "DJANGO_TEST_PROCESSES": "1", "FANOUT_DB_STATE": str(state),
                   "FANOUT_DB_HOST": "h-1", "FANOUT_DB_SLOT": str(slot), "FANOUT_KEEP_DB": "1" if keep else "0",
                   "FIXTURE_APPS": apps}
    if drop:
        environment["FANOUT_DB_DROP"] = "1"
    labels = [] if drop else ["polls.tests"]
    return run([sys.executable, "manage.py", "test", "--noinput", "--testrunner",
                "fanout_django_runner.FanoutRunner", *labels], root, environment)


def tables(path):
    with sqlite3.connect(path) as database:
        return {row[0] for row in database.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def user_version(path):
    with sqlite3.connect(path) as database:
        return database.execute("PRAGMA user_version").fetchone()[0]


def databases(root):
    return sorted(name for name in os.listdir(root) if name.startswith("test_db"))


def test_each_slot_gets_its_clone_of_the_hosts_template_and_the_end_drops_them(tmp_path):
    project(tmp_path, "test_db_h_1_1.sqlite3")
    state = tmp_path / "state"
    code, events = batch(tmp_path, state, 1)
    assert code == 0, events
    assert set(finished(events).values()) == {"passed"}
    assert databases(tmp_path) == ["test_db_h_1.sqlite3", "test_db_h_1_1.sqlite3"]
    # A later batch of the same slot uses the clone as it is: nothing is made again.
    template_made = os.stat(tmp_path / "test_db_h_1.sqlite3").st_mtime_ns
    code, events = batch(tmp_path, state, 1)
    assert code == 0 and set(finished(events).values()) == {"passed"}
    assert os.stat(tmp_path / "test_db_h_1.sqlite3").st_mtime_ns == template_made
    (tmp_path / "polls" / "tests.py").write_text(TESTS % "test_db_h_1_2.sqlite3")
    code, events = batch(tmp_path, state, 2)
    assert code == 0 and set(finished(events).values()) == {"passed"}, events
    assert databases(tmp_path) == ["test_db_h_1.sqlite3", "test_db_h_1_1.sqlite3", "test_db_h_1_2.sqlite3"]
    code, _ = batch(tmp_path, state, 1, drop=True)
    assert code == 0
    assert databases(tmp_path) == []


def test_a_kept_clone_is_used_again_while_current_and_made_again_after_a_new_migration(tmp_path):
    project(tmp_path, "test_db_h_1_1.sqlite3")
    code, _ = batch(tmp_path, tmp_path / "run1", 1, keep=True)
    assert code == 0 and databases(tmp_path) == ["test_db_h_1.sqlite3", "test_db_h_1_1.sqlite3"]
    # A mark in the kept clone (not a table: a clone with other tables than the template's is not current) tells
    # whether a later run used it or made it again.
    clone = tmp_path / "test_db_h_1_1.sqlite3"
    with sqlite3.connect(clone) as database:
        database.execute("PRAGMA user_version = 42")
    code, _ = batch(tmp_path, tmp_path / "run2", 1, keep=True)
    assert code == 0 and user_version(clone) == 42 and "polls_row" in tables(clone)
    (tmp_path / "polls" / "migrations" / "0002_more.py").write_text(textwrap.dedent("""
        from django.db import migrations, models


        class Migration(migrations.Migration):
            dependencies = [("polls", "0001_initial")]
            operations = [migrations.AddField("Row", "note", models.TextField(default=""))]
    """))
    (tmp_path / "polls" / "models.py").write_text(textwrap.dedent("""
        from django.db import models


        class Row(models.Model):
            key = models.CharField(max_length=20, unique=True)
            note = models.TextField(default="")
    """))
    code, events = batch(tmp_path, tmp_path / "run3", 1, keep=True)
    assert code == 0 and set(finished(events).values()) == {"passed"}, events
    assert user_version(clone) == 0, "a clone behind the template's migrations was used"


def notes_app(root):
    """An app without migrations: its table comes from syncdb, which django_migrations does not record."""
    (root / "notes").mkdir()
    (root / "notes" / "__init__.py").write_text("")
    (root / "notes" / "models.py").write_text(
        "from django.db import models\n\n\nclass Note(models.Model):\n    text = models.TextField()\n")
    (root / "notes" / "tests.py").write_text(textwrap.dedent("""
        from django.test import TestCase

        from notes.models import Note


        class Notes(TestCase):
            def test_has_its_table(self):
                Note.objects.create(text="x")
                self.assertEqual(Note.objects.count(), 1)
    """))


def notes_batch(root, state, keep=False):
    path = os.pathsep.join([str(DJANGO_RUNNER_DIRECTORY), str(UNITTEST_RUNNER_DIRECTORY)])
    environment = {"PYTHONPATH": path, "DJANGO_TEST_PROCESSES": "1", "FANOUT_DB_STATE": str(state),
                   "FANOUT_DB_HOST": "h-1", "FANOUT_DB_SLOT": "1", "FIXTURE_APPS": "polls,notes",
                   "FANOUT_KEEP_DB": "1" if keep else "0"}
    return run([sys.executable, "manage.py", "test", "--noinput", "--testrunner",
                "fanout_django_runner.FanoutRunner", "notes.tests"], root, environment)


def test_a_batch_of_other_apps_gets_its_own_database_and_the_slot_clones_the_template_again(tmp_path):
    """A runtests script installs the apps its labels name, so batches of one slot can need other tables."""
    project(tmp_path, "test_db_h_1_1.sqlite3")
    notes_app(tmp_path)
    state = tmp_path / "state"
    assert batch(tmp_path, state, 1)[0] == 0
    code, events = notes_batch(tmp_path, state)
    assert code == 0 and finished(events) == {"notes.tests.Notes.test_has_its_table": "passed"}, events
    code, events = batch(tmp_path, state, 1)
    assert code == 0 and set(finished(events).values()) == {"passed"}, events
    assert "notes_note" not in tables(tmp_path / "test_db_h_1_1.sqlite3"), "the template was not cloned again"
    assert batch(tmp_path, state, 1, drop=True)[0] == 0
    assert databases(tmp_path) == []


def test_a_kept_clone_without_the_tables_a_later_run_added_to_the_template_is_made_again(tmp_path):
    """Run 1 keeps a template and clone of polls; run 2's first batch also installs notes (a runtests script's
    labels), and Django's keepdb adds its table to the template by syncdb, which changes no applied migration:
    the kept clone lacks that table and must be cloned again (Django's own tests/runtests.py on PostgreSQL showed
    "relation basic_article does not exist" under --keep-db)."""
    project(tmp_path, "test_db_h_1_1.sqlite3")
    notes_app(tmp_path)
    assert batch(tmp_path, tmp_path / "run1", 1, keep=True)[0] == 0
    clone = tmp_path / "test_db_h_1_1.sqlite3"
    assert "notes_note" not in tables(clone)
    code, events = notes_batch(tmp_path, tmp_path / "run2", keep=True)
    assert code == 0 and finished(events) == {"notes.tests.Notes.test_has_its_table": "passed"}, events
    assert "notes_note" in tables(clone)
