/// One run of a database server's command-line client: argv (no shell) and the variables that carry the
/// connection (the password never appears in argv, where `ps` would show it).
public struct DatabaseClientCall: Sendable, Equatable {
    public var arguments: [String]
    public var environment: [String: String]

    public init(arguments: [String], environment: [String: String]) {
        self.arguments = arguments
        self.environment = environment
    }
}
