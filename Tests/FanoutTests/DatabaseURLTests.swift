import FanoutCore
import Testing

/// `[database] url`: the shapes DATABASE_URL takes, what is rewritten per worker, and what is wrong with a bad one.
@Suite struct DatabaseURLTests {
    @Test func aPostgreSQLURLWithEveryPartRoundTrips() throws {
        let url = try DatabaseURL(
            parsing: "postgresql://app%40corp:p%3Ass%2Fw@db.internal:6543/app_test?sslmode=disable")
        #expect(url.engine == .postgresql && url.scheme == "postgresql")
        #expect(url.user == "app@corp" && url.password == "p:ss/w")
        #expect(url.host == "db.internal" && url.port == 6543 && url.name == "app_test")
        #expect(url.query == "sslmode=disable")
        #expect(url.text == "postgresql://app%40corp:p%3Ass%2Fw@db.internal:6543/app_test?sslmode=disable")
        #expect(url.redacted == "postgresql://app%40corp:***@db.internal:6543/app_test?sslmode=disable")
        #expect(
            url.with(name: "app_test_fanout_h1_2").text
                == "postgresql://app%40corp:p%3Ass%2Fw@db.internal:6543/app_test_fanout_h1_2?sslmode=disable")
    }

    @Test func otherSchemesAndMinimalForms() throws {
        let mysql = try DatabaseURL(parsing: "mariadb://root@localhost/shop")
        #expect(mysql.engine == .mysql && mysql.user == "root" && mysql.password == nil && mysql.port == nil)
        #expect(mysql.text == "mariadb://root@localhost/shop")
        let socket = try DatabaseURL(parsing: "postgres:///local_db")
        #expect(socket.engine == .postgresql && socket.host == nil && socket.user == nil && socket.name == "local_db")
        let ipv6 = try DatabaseURL(parsing: "mysql://u:p@[::1]:3307/x")
        #expect(ipv6.host == "::1" && ipv6.port == 3307 && ipv6.text == "mysql://u:p@[::1]:3307/x")
    }

    @Test func sqliteURLsNameARelativeOrAnAbsoluteFile() throws {
        let relative = try DatabaseURL(parsing: "sqlite:///db/app.sqlite3")
        #expect(relative.engine == .sqlite && relative.name == "db/app.sqlite3")
        let absolute = try DatabaseURL(parsing: "sqlite:////var/lib/app.db")
        #expect(absolute.name == "/var/lib/app.db" && absolute.text == "sqlite:////var/lib/app.db")
    }

    @Test func badURLsSayWhatIsWrong() {
        #expect(throws: DatabaseURLError.noScheme("app.db")) { try DatabaseURL(parsing: "app.db") }
        #expect(throws: DatabaseURLError.unknownScheme("mongodb")) { try DatabaseURL(parsing: "mongodb://h/x") }
        #expect(throws: DatabaseURLError.badPort("99999")) { try DatabaseURL(parsing: "mysql://h:99999/x") }
        #expect(throws: DatabaseURLError.noSQLitePath("sqlite://")) { try DatabaseURL(parsing: "sqlite://") }
        #expect(throws: DatabaseURLError.noDatabaseName("postgresql://u:***@h/")) {
            try DatabaseURL(parsing: "postgresql://u:secret@h/")
        }
        #expect(DatabaseURLError.unknownScheme("mongodb").description.contains("sqlite, postgresql or mysql"))
    }
}
