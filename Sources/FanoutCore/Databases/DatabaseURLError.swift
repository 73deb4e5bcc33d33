/// What is wrong with a `[database] url`.
public enum DatabaseURLError: Error, Equatable, Sendable, CustomStringConvertible {
    case noScheme(String)
    case unknownScheme(String)
    case noSQLitePath(String)
    case noDatabaseName(String)
    case badPort(String)

    public var description: String {
        switch self {
        case .noScheme(let text):
            "`\(text)` is not a database URL: write it as postgresql://user:password@host:port/name, "
                + "mysql://... or sqlite:///path"
        case .unknownScheme(let scheme):
            "database URL scheme `\(scheme)` is not one Fanout clones per worker: use sqlite, postgresql or mysql"
        case .noSQLitePath(let text):
            "`\(text)` names no file: sqlite:///relative/path.db or sqlite:////absolute/path.db"
        case .noDatabaseName(let text):
            "`\(text)` names no database: end it with /name"
        case .badPort(let port):
            "database URL port `\(port)` is not a number from 1 to 65535"
        }
    }
}
