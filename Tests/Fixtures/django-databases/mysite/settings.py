"""The database comes from FANOUT_FIXTURE_DB, or from a file `fixture-db` beside manage.py (which reaches test
hosts with the workspace): `sqlite` (a file test database, which workers would share), `postgresql` or `mariadb`
(servers on loopback, or at the HOST[:PORT] after the name; Deploy/databases.sh starts both)."""
import os
import pathlib

CHOICE = os.environ.get("FANOUT_FIXTURE_DB", "")
CHOSEN = pathlib.Path(__file__).resolve().parents[1] / "fixture-db"
if not CHOICE and CHOSEN.exists():
    CHOICE = CHOSEN.read_text().strip()

SECRET_KEY = "fixture-only"
INSTALLED_APPS = ["ledger"]
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

KIND, _, ADDRESS = (CHOICE or "sqlite").partition(" ")
HOST, _, PORT = (ADDRESS or "127.0.0.1").partition(":")
if KIND == "postgresql":
    DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "fanout_ledger", "USER": "fanout",
                             "PASSWORD": "fanout", "HOST": HOST, "PORT": PORT or "5432"}}
elif KIND == "mariadb":
    import pymysql

    pymysql.install_as_MySQLdb()
    DATABASES = {"default": {"ENGINE": "django.db.backends.mysql", "NAME": "fanout_ledger", "USER": "fanout",
                             "PASSWORD": "fanout", "HOST": HOST, "PORT": PORT or "3306"}}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "ledger.sqlite3",
                             "TEST": {"NAME": "test_ledger.sqlite3"}}}
