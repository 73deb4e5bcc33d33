"""Fanout's Django runner says its run ended in order only once the test databases are torn down, and names
every test it had (Django's runner drops each test from its suite once it ran)."""

import textwrap

import pytest

from runner_harness import ends, finished, run_django

pytest.importorskip("django")


def project(root, database_test_name=None):
    (root / "mysite").mkdir()
    (root / "mysite" / "__init__.py").write_text("")
    settings = textwrap.dedent("""
        SECRET_KEY = "test"
        INSTALLED_APPS = ["polls"]
        DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}}
        USE_TZ = True
    """)
    if database_test_name:
        settings += 'DATABASES["default"]["TEST"] = {"NAME": %r}\n' % database_test_name
    (root / "mysite" / "settings.py").write_text(settings)
    (root / "manage.py").write_text(textwrap.dedent("""
        import os
        import sys

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")
        from django.core.management import execute_from_command_line

        execute_from_command_line(sys.argv)
    """))
    (root / "polls").mkdir()
    (root / "polls" / "__init__.py").write_text("")
    (root / "polls" / "tests.py").write_text(textwrap.dedent("""
        from django.test import TestCase


        class Cases(TestCase):
            def test_one(self):
                pass

            def test_two(self):
                self.fail("no")
    """))


def test_a_run_that_ends_in_order_says_so_with_nothing_unreported(tmp_path):
    project(tmp_path)
    code, events = run_django(tmp_path, "polls.tests")
    assert code == 1
    assert finished(events) == {"polls.tests.Cases.test_one": "passed", "polls.tests.Cases.test_two": "failed"}
    assert ends(events) == [{"event": "end", "exitstatus": 1, "stopped": None, "unreported": [], "explained": []}]


def test_a_test_database_that_cannot_be_made_ends_the_run_without_the_end_line(tmp_path):
    project(tmp_path, database_test_name="/nonexistent-fanout-dir/test.sqlite3")
    code, events = run_django(tmp_path, "polls.tests")
    assert code != 0
    assert ends(events) == []
    assert finished(events) == {}
