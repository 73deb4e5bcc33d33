/// A database URL in the form the Python and Rails worlds share (`DATABASE_URL`): `sqlite:///relative.db`,
/// `sqlite:////absolute.db`, `postgresql://user:password@host:port/name?options`, `mysql://...` (also
/// `postgres://` and `mariadb://`). User and password are percent-decoded; the rest is kept as written.
public struct DatabaseURL: Sendable, Equatable {
    public enum Engine: String, Sendable {
        case sqlite, postgresql, mysql
    }

    public var engine: Engine
    /// The scheme as written, so a rewritten URL reads the way the user's code expects it.
    public var scheme: String
    public var user: String?
    public var password: String?
    public var host: String?
    public var port: Int?
    /// The database's name; for SQLite, the file's path (relative to the workspace unless absolute).
    public var name: String
    /// What followed `?`, without it.
    public var query: String?

    /// Parses `text`; throws a message saying what is wrong with it.
    public init(parsing text: String) throws(DatabaseURLError) {
        guard let separator = text.firstRange(of: "://") else { throw DatabaseURLError.noScheme(text) }
        scheme = String(text[..<separator.lowerBound])
        switch scheme.lowercased() {
        case "sqlite", "sqlite3": engine = .sqlite
        case "postgresql", "postgres", "pgsql": engine = .postgresql
        case "mysql", "mariadb": engine = .mysql
        default: throw DatabaseURLError.unknownScheme(scheme)
        }
        var rest = String(text[separator.upperBound...])
        if let mark = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: mark)...])
            rest = String(rest[..<mark])
        }
        if engine == .sqlite {
            guard rest.hasPrefix("/"), rest.count > 1 else { throw DatabaseURLError.noSQLitePath(text) }
            name = String(rest.dropFirst())
            return
        }
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        name = Self.percentDecoded(String(rest[slash...].dropFirst()))
        try readAuthority(String(rest[..<slash]))
        guard !name.isEmpty, !name.contains("/") else { throw DatabaseURLError.noDatabaseName(redacting(text)) }
    }

    private mutating func readAuthority(_ authority: String) throws(DatabaseURLError) {
        var hostPart = authority
        if let at = authority.lastIndex(of: "@") {
            let credentials = authority[..<at]
            hostPart = String(authority[authority.index(after: at)...])
            if let colon = credentials.firstIndex(of: ":") {
                user = Self.percentDecoded(String(credentials[..<colon]))
                password = Self.percentDecoded(String(credentials[credentials.index(after: colon)...]))
            } else {
                user = Self.percentDecoded(String(credentials))
            }
        }
        var portText: Substring?
        if hostPart.hasPrefix("["), let close = hostPart.firstIndex(of: "]") {
            host = String(hostPart[hostPart.index(after: hostPart.startIndex)..<close])
            let after = hostPart[hostPart.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() }
        } else if let colon = hostPart.lastIndex(of: ":") {
            host = String(hostPart[..<colon])
            portText = hostPart[hostPart.index(after: colon)...]
        } else if !hostPart.isEmpty {
            host = Self.percentDecoded(hostPart)
        }
        if let portText {
            guard let port = Int(portText), (1...65535).contains(port) else {
                throw DatabaseURLError.badPort(String(portText))
            }
            self.port = port
        }
        if host?.isEmpty == true { host = nil }
    }

    /// The same server and options, another database (or, for SQLite, another file).
    public func with(name: String) -> DatabaseURL {
        var copy = self
        copy.name = name
        return copy
    }

    /// The URL written out, password included, for the tests' environment.
    public var text: String { written(password: password.map(Self.percentEncoded)) }

    /// The URL for messages: the password shown as `***`.
    public var redacted: String { written(password: password.map { _ in "***" }) }

    private func written(password: String?) -> String {
        var text = scheme + "://"
        if engine == .sqlite { return text + "/" + name + (query.map { "?" + $0 } ?? "") }
        if let user {
            text += Self.percentEncoded(user) + (password.map { ":" + $0 } ?? "") + "@"
        }
        if let host { text += host.contains(":") ? "[\(host)]" : Self.percentEncoded(host) }
        if let port { text += ":\(port)" }
        return text + "/" + Self.percentEncoded(name) + (query.map { "?" + $0 } ?? "")
    }

    private func redacting(_ text: String) -> String {
        guard let password, !password.isEmpty else { return text }
        return text.replacing(":" + Self.percentEncoded(password) + "@", with: ":***@")
    }
}
