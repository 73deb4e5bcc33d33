"""The template command: creates the tables the tests use in the database DATABASE_URL names."""

import dburl


def main():
    connection, _ = dburl.connect()
    cursor = connection.cursor()
    cursor.execute("CREATE TABLE items (name VARCHAR(64) PRIMARY KEY, slot VARCHAR(16))")
    cursor.execute("CREATE TABLE fixtures (name VARCHAR(64) PRIMARY KEY)")
    cursor.execute("INSERT INTO fixtures (name) VALUES ('from the template')")
    connection.commit()
    connection.close()


if __name__ == "__main__":
    main()
