"""Per-worker test databases for Django batches, as Django's own parallel runner makes them, across batches.

Every batch of a slot would otherwise create the same test database (`test_NAME`) on the same server as the
other slots' batches, and destroy it under them. Instead, per host, the first batch makes a template: the test
database Django's machinery creates and migrates, named for the host (`test_NAME_HOST`); each slot then clones
it once (Django's `clone_test_db`: a file copy for SQLite, `CREATE DATABASE ... TEMPLATE` for PostgreSQL, a dump
and load for MySQL and MariaDB) and every later batch of that slot runs against its clone
(`test_NAME_HOST_SLOT`) without creating or migrating anything. In-memory SQLite test databases, which are
already a process's own, are left as they are.

The slots of a host share a directory (FANOUT_DB_STATE) with a lock, so that one batch at a time touches the
template (PostgreSQL refuses to clone a database that has a session open), and a ledger of what this run made.
When the agent's session ends, a last process (FANOUT_DB_DROP=1) drops every clone and template in the ledger,
unless the run keeps them (FANOUT_KEEP_DB=1, `--keep-db`): a later run then uses them again, migrating the
template when migrations were added and cloning again any clone whose applied migrations are not the template's.
"""
import contextlib
import fcntl
import json
import os
import re
import sys
import time
import warnings

LEDGER = "ledger.json"
# Names of servers by vendor: a backend's own display_name may ask the server (MySQL's does), which is down.
SERVERS = {"postgresql": "PostgreSQL", "mysql": "MySQL or MariaDB", "oracle": "Oracle"}


class WorkerDatabases:
    def __init__(self, host, slot, state, keep):
        self.host = re.sub(r"[^A-Za-z0-9]", "_", host) or "host"
        self.slot = str(slot)
        self.state = state
        self.keep = keep

    @classmethod
    def from_environment(cls, environ=os.environ):
        """The run's per-worker databases, or None when the batch does not run under a Fanout agent."""
        state = environ.get("FANOUT_DB_STATE")
        if not state or not environ.get("FANOUT_DB_SLOT"):
            return None
        return cls(environ.get("FANOUT_DB_HOST", "host"), environ["FANOUT_DB_SLOT"], state,
                   environ.get("FANOUT_KEEP_DB") == "1")

    @staticmethod
    def suffixed(connection, name, suffix):
        """`name` with `_suffix` appended as Django names clones (before a SQLite file's extension)."""
        if connection.vendor == "sqlite":
            root, extension = os.path.splitext(name)
            return "%s_%s%s" % (root, suffix, extension)
        return "%s_%s" % (name, suffix)

    @staticmethod
    def is_shared(connection):
        """Whether the alias's test database lives on a server or in a file other processes see."""
        test = connection.settings_dict.get("TEST") or {}
        if test.get("MIRROR"):
            return False
        creation = connection.creation
        return not (connection.vendor == "sqlite" and creation.is_in_memory_db(creation._get_test_db_name()))

    def name_templates(self, connections, aliases):
        """Gives each shared alias's test database the host's name; returns those aliases."""
        shared = []
        for alias in aliases:
            connection = connections[alias]
            if not self.is_shared(connection):
                continue
            test = connection.settings_dict.setdefault("TEST", {})
            test["NAME"] = self.suffixed(connection, connection.creation._get_test_db_name(), self.host)
            shared.append(alias)
        return shared

    @contextlib.contextmanager
    def locked_ledger(self):
        """The host's ledger, read and written under the host's lock."""
        os.makedirs(self.state, mode=0o700, exist_ok=True)
        with open(os.path.join(self.state, "lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                with open(os.path.join(self.state, LEDGER)) as handle:
                    ledger = json.load(handle)
            except (OSError, ValueError):
                ledger = {}
            try:
                yield ledger
            finally:
                self.save(ledger)

    def save(self, ledger):
        """Writes the ledger whole; also before each database is made, so that one a killed batch was making
        (the interrupt kills the process group: no `finally` runs) is on record for the drop."""
        path = os.path.join(self.state, LEDGER)
        with open(path + ".new", "w") as handle:
            json.dump(ledger, handle)
        os.replace(path + ".new", path)

    def setup(self, connections, aliases, serialized_aliases, setup_databases, verbosity):
        """Points the batch's connections at the slot's clones, making template and clones first where this run
        has not; `setup_databases(keepdb)` is Django's own. Returns Django's old_config and the shared aliases,
        whose databases no batch destroys."""
        shared = self.name_templates(connections, aliases)
        if not shared:
            return setup_databases(keepdb=False), shared
        schema = self.schema()
        with self.locked_ledger() as ledger:
            made = ledger.setdefault("made", {})
            entries = [made.setdefault(alias, {"template": False, "schema": schema, "clones": [], "stale": []})
                       for alias in shared]
            if any(entry["template"] and entry["schema"] != schema for entry in entries):
                return self.private(connections, shared, entries, setup_databases, ledger), shared
            cloned = all(self.slot in entry["clones"] and self.slot not in entry["stale"] for entry in entries)
            if cloned and len(shared) == len(aliases) and not serialized_aliases:
                old_config = self.point_at_test_databases(connections, aliases)
            else:
                for entry in entries:
                    entry["begun"] = True  # on record before it exists: a half-made template is dropped too
                self.save(ledger)
                old_config = setup_databases(keepdb=self.keep or all(entry["template"] for entry in entries))
                self.clone_all(connections, shared, entries, verbosity, lambda: self.save(ledger))
            for alias in shared:
                connections[alias].close()  # no session may stay on a template another slot clones
        for alias in shared:
            connection = connections[alias]
            connection.settings_dict.update(connection.creation.get_test_db_clone_settings(self.slot))
            connection.close()
        from django.test.utils import get_unique_databases_and_mirrors
        for alias, target in get_unique_databases_and_mirrors(aliases)[1].items():
            connections[alias].creation.set_as_test_mirror(connections[target].settings_dict)
        return old_config, shared

    @staticmethod
    def schema():
        """What decides the tables a test database gets: the installed apps (a runtests script installs those
        its labels name, so they differ between batches)."""
        import hashlib

        from django.apps import apps
        labels = ",".join(sorted(config.label for config in apps.get_app_configs()))
        return hashlib.sha256(labels.encode()).hexdigest()[:16]

    def clone_all(self, connections, shared, entries, verbosity, save):
        """The slot's clone of each template just made or checked (once per group of aliases on one database);
        `save()` puts the ledger on disk before each clone is made."""
        signatures = set()
        for alias, entry in zip(shared, entries):
            entry["template"] = True
            signature = connections[alias].creation.test_db_signature()
            if signature not in signatures:
                signatures.add(signature)
                self.clone(connections[alias], entry, verbosity, save)
            elif self.slot not in entry["clones"]:
                entry["clones"].append(self.slot)

    def private(self, connections, shared, entries, setup_databases, ledger):
        """A batch whose apps are not the template's gets a database of its own, made for it in its slot's clone's
        place (and so dropped with the clones); the slot clones the template again before using it."""
        for alias, entry in zip(shared, entries):
            connection = connections[alias]
            test = connection.settings_dict["TEST"]
            test["NAME"] = self.suffixed(connection, test["NAME"], self.slot)
            for key in ("clones", "stale"):
                if self.slot not in entry[key]:
                    entry[key].append(self.slot)
        self.save(ledger)
        return setup_databases(keepdb=False)

    @staticmethod
    def point_at_test_databases(connections, aliases):
        """What Django's setup_databases does to the settings once the test databases exist, without creating or
        migrating anything: each alias named for its test database, the others of a group as its mirrors."""
        from django.conf import settings
        from django.test.utils import get_unique_databases_and_mirrors
        old_config = []
        for old_name, group in get_unique_databases_and_mirrors(aliases)[0].values():
            first = connections[group[0]]
            name = first.creation._get_test_db_name()
            settings.DATABASES[group[0]]["NAME"] = name
            first.settings_dict["NAME"] = name
            for alias in group:
                old_config.append((connections[alias], old_name, alias == group[0]))
                if alias != group[0]:
                    connections[alias].creation.set_as_test_mirror(first.settings_dict)
        return old_config

    def clone(self, connection, made, verbosity, save):
        """The slot's clone of `connection`'s template, made once per run (kept ones reused while current), and
        made again where a batch of other apps had the slot's database."""
        stale = self.slot in made["stale"]
        if self.slot in made["clones"] and not stale:
            return
        if not stale:
            made["clones"].append(self.slot)  # in the ledger before it exists: a half-made clone is dropped too
        else:
            made["stale"].remove(self.slot)
        save()
        keep = self.keep and not stale and self.clone_is_current(connection)
        connection.creation.clone_test_db(suffix=self.slot, verbosity=verbosity, keepdb=keep)

    def clone_is_current(self, connection):
        """Whether the slot's clone exists with exactly the template's applied migrations and tables: apps without
        migrations get their tables by syncdb, which records no migration (a runtests script's later run that
        installs more apps adds tables to a kept template and leaves its migrations as they were)."""
        clone = type(connection)(connection.creation.get_test_db_clone_settings(self.slot), alias=connection.alias)
        try:
            return self.schema_of(clone) == self.schema_of(connection)
        except Exception:
            return False
        finally:
            clone.close()

    @classmethod
    def schema_of(cls, connection):
        with connection.cursor() as cursor:
            tables = sorted(connection.introspection.table_names(cursor))
        return cls.applied_migrations(connection), tables

    @staticmethod
    def applied_migrations(connection):
        # Through a cursor: the ORM's recorder looks connections up by alias, and a clone's has none of its own.
        with connection.cursor() as cursor:
            cursor.execute("SELECT app, name FROM django_migrations")
            return set(cursor.fetchall())

    def drop(self, connections):
        """Drops every clone and template this host's ledger lists (the session's end), saying what failed."""
        with self.locked_ledger() as ledger:
            made = ledger.get("made", {})
            aliases = [alias for alias in made if alias in connections]
            self.name_templates(connections, aliases)
            pending = []
            for alias in aliases:
                connection = connections[alias]
                connection.settings_dict["NAME"] = connection.creation._get_test_db_name()
                pending += [(connection, slot) for slot in made[alias]["clones"]]
                if made[alias].get("template") or made[alias].get("begun"):
                    pending.append((connection, None))
            failed = self.destroy_all(pending)
            ledger["made"] = {}
        return 1 if failed else 0

    def destroy_all(self, pending, attempts=4, pause=0.5):
        """Drops each database. One that a batch killed mid-creation was making can appear, or be let go by its
        server, a moment later (PostgreSQL finishes a CREATE DATABASE whose client is gone): failures are tried
        again a few times, and one that never came to exist is no failure. Returns what could not be dropped."""
        failed = []
        for attempt in range(attempts):
            failed = [(connection, suffix, error) for connection, suffix in pending
                      for error in [self.destroy(connection, suffix)] if error is not None]
            if not failed:
                return []
            pending = [(connection, suffix) for connection, suffix, _ in failed]
            if attempt + 1 < attempts:
                time.sleep(pause)
        failed = [entry for entry in failed if "exist" not in str(entry[2]).lower()]
        for connection, suffix, error in failed:
            name = connection.settings_dict["NAME"]
            print("fanout: could not drop the test database %s: %s" % (
                name if suffix is None else "%s clone %s" % (name, suffix), error), file=sys.stderr)
        return failed

    @staticmethod
    def check(connections):
        """Whether every server-backed alias's server accepts the user (before any slot takes work); prints one
        line per alias that does not."""
        failed = False
        for alias in connections:
            connection = connections[alias]
            if connection.vendor == "sqlite" or (connection.settings_dict.get("TEST") or {}).get("MIRROR"):
                continue
            settings = connection.settings_dict
            try:
                with warnings.catch_warnings():  # Django's fallback warning says nothing the line below does not
                    warnings.simplefilter("ignore")
                    with connection.creation._nodb_cursor():
                        pass
            except Exception as error:
                failed = True
                detail = " ".join(str(error).split())
                print("database %r (%s at %s:%s, user %s) cannot be reached: %s" % (
                    alias, SERVERS.get(connection.vendor, connection.vendor), settings.get("HOST") or "localhost", settings.get("PORT") or
                    "default port", settings.get("USER") or "(none)", detail), file=sys.stderr)
        return 1 if failed else 0

    @staticmethod
    def destroy(connection, suffix):
        """Drops the template (`suffix` None) or a clone; returns the error, None when it went."""
        try:
            connection.creation.destroy_test_db(verbosity=0, keepdb=False, suffix=suffix)
            return None
        except Exception as error:
            return error
        finally:
            connection.close()
