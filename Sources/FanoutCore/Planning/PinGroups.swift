/// Groups of scopes that must run on the same slot, in order (tests that share state, or share a slow
/// session fixture): from config, `pin = [["tests/db/*.py"], ["tests/test_cache_a.py", "tests/test_cache_b.py"]]`,
/// and `pin_markers = ["serial"]` (the files with tests carrying that pytest mark form one group).
///
/// Each group becomes one queue unit, `pin:N`, whose scopes run in path order in one batch. A scope is in the
/// first group that matches it; pinned scopes are never split.
public struct PinGroups: Sendable, Equatable {
    public let groups: [[GlobPattern]]
    /// Groups given as scope lists (files with tests carrying a pytest mark), after the pattern groups.
    public let scopeGroups: [Set<String>]

    public init(_ groups: [[String]], scopeGroups: [[String]] = []) {
        self.groups = groups.map { $0.map { GlobPattern($0) } }
        self.scopeGroups = scopeGroups.map(Set.init)
    }

    public var isEmpty: Bool { groups.isEmpty && scopeGroups.isEmpty }

    /// The group number (0-based; pattern groups first) a scope belongs to, if any.
    public func group(of scope: String) -> Int? {
        if let index = groups.firstIndex(where: { patterns in patterns.contains { $0.matches(scope) } }) {
            return index
        }
        return scopeGroups.firstIndex { $0.contains(scope) }.map { groups.count + $0 }
    }

    /// These groups plus `more` scope groups.
    public func adding(scopeGroups more: [[String]]) -> PinGroups {
        PinGroups(groups: groups, scopeGroups: scopeGroups + more.map(Set.init))
    }

    private init(groups: [[GlobPattern]], scopeGroups: [Set<String>]) {
        self.groups = groups
        self.scopeGroups = scopeGroups
    }

    /// Replaces the scopes of each group by one unit carrying them in path order; other units are unchanged.
    /// The result is sorted longest first.
    public func apply(_ units: [WeightedScope]) -> [WeightedScope] {
        guard !isEmpty else { return units }
        var members: [Int: [WeightedScope]] = [:]
        var free: [WeightedScope] = []
        for unit in units {
            if unit.tests == nil, unit.members == nil, let group = group(of: unit.id) {
                members[group, default: []].append(unit)
            } else {
                free.append(unit)
            }
        }
        let pinned = members.sorted { $0.key < $1.key }.map { group, scopes in
            let ordered = scopes.sorted { $0.id < $1.id }
            return WeightedScope(
                id: "pin:\(group + 1)", expectedSeconds: ordered.reduce(0) { $0 + $1.expectedSeconds },
                isKnown: ordered.allSatisfy(\.isKnown), members: ordered.map(\.id))
        }
        return (free + pinned).sorted {
            $0.expectedSeconds != $1.expectedSeconds ? $0.expectedSeconds > $1.expectedSeconds : $0.id < $1.id
        }
    }
}
