/// Which files run isolated and the commands around each: one `[[isolated]]` entry of the config.
public struct IsolationRule: Sendable, Equatable {
    public var patterns: [GlobPattern]
    /// A pytest mark; files with tests carrying it match too (resolved into `markedScopes` by collection).
    public var marker: String?
    public var markedScopes: Set<String>
    /// Program and arguments of the setup command, run once before the file's first test.
    public var setup: [String]?
    /// Program and arguments of the teardown command, run once after the file's last test.
    public var teardown: [String]?

    public init(
        patterns: [String], marker: String? = nil, markedScopes: Set<String> = [], setup: [String]? = nil,
        teardown: [String]? = nil
    ) {
        self.patterns = patterns.map { GlobPattern($0) }
        self.marker = marker
        self.markedScopes = markedScopes
        self.setup = setup
        self.teardown = teardown
    }

    public func matches(_ scope: String) -> Bool {
        markedScopes.contains(scope) || patterns.contains { $0.matches(scope) }
    }
}

extension Array where Element == IsolationRule {
    /// The first rule that makes `scope` isolated.
    public func rule(for scope: String) -> IsolationRule? {
        first { $0.matches(scope) }
    }

    /// Isolated scope ids among `scopes`, in path order.
    public func isolatedScopes(among scopes: [String]) -> [String] {
        scopes.filter { rule(for: $0) != nil }.sorted()
    }
}
