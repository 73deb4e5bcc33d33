"""A DB-API connection to what DATABASE_URL names: SQLite, PostgreSQL (psycopg) or MySQL/MariaDB (pymysql)."""

import os
import sqlite3
from urllib.parse import unquote, urlsplit


def connect(url=None):
    """Returns (connection, placeholder) for the URL (default: $DATABASE_URL)."""
    parts = urlsplit(url or os.environ["DATABASE_URL"])
    if parts.scheme.startswith("sqlite"):
        return sqlite3.connect(parts.path[1:] if parts.path.startswith("//") else parts.path.lstrip("/")), "?"
    name = unquote(parts.path.lstrip("/"))
    user, password = unquote(parts.username or ""), unquote(parts.password or "")
    if parts.scheme.startswith("postgres"):
        import psycopg

        connection = psycopg.connect(
            host=parts.hostname, port=parts.port or 5432, user=user, password=password, dbname=name
        )
        return connection, "%s"
    import pymysql

    connection = pymysql.connect(
        host=parts.hostname, port=parts.port or 3306, user=user, password=password, database=name
    )
    return connection, "%s"
