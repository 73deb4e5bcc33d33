import FanoutAdapters
import FanoutCore
import Foundation

/// `fanout run --list`: the files and tests a run would run, with the same selection as the run (`--lf`,
/// `--shard`, `--smoke`, isolation), without starting any agent.
public struct RunListing: Sendable {
    public struct Entry: Sendable, Equatable {
        public var scope: String
        public var tests: [String]
        public var expectedSeconds: Double
        /// `isolated`, `pinned`, `smoke` or nil.
        public var note: String?
    }

    public var entries: [Entry]
    /// False for an adapter that knows its scopes but not their tests (the command adapter).
    public var testsKnown = true

    /// Lists the plan's units; `collected` gives the test ids of whole files.
    public init(plan: RunPlan, collected: [String: [String]]) {
        var entries: [String: Entry] = [:]
        func add(_ unit: WeightedScope, note: String?) {
            for scope in unit.scopeIDs {
                let tests =
                    unit.tests ?? (collected[scope] ?? []).filter { !(unit.deselected[scope] ?? []).contains($0) }
                let seconds = unit.members == nil ? unit.expectedSeconds : 0
                if var entry = entries[scope] {
                    entry.tests += tests
                    entry.expectedSeconds += seconds
                    entries[scope] = entry
                } else {
                    entries[scope] = Entry(
                        scope: scope, tests: tests, expectedSeconds: seconds,
                        note: note ?? (unit.members != nil ? "pinned" : nil))
                }
            }
        }
        for unit in plan.smoke { add(unit, note: "smoke") }
        for unit in plan.queued { add(unit, note: nil) }
        for scope in plan.isolated { for unit in scope.units { add(unit, note: "isolated") } }
        self.entries = entries.values.sorted { $0.scope < $1.scope }
    }

    /// Whole files among the plan's units, whose tests must be collected for the listing.
    public static func wholeFiles(of plan: RunPlan) -> [String] {
        Array(Set(plan.allUnits.filter { $0.tests == nil }.flatMap(\.scopeIDs))).sorted()
    }

    public var text: String {
        var lines: [String] = []
        guard testsKnown else {
            return (entries.map { $0.scope + ($0.note.map { "  [\($0)]" } ?? "") } + ["\(entries.count) scopes"])
                .joined(separator: "\n") + "\n"
        }
        for entry in entries {
            let note = entry.note.map { "  [\($0)]" } ?? ""
            lines.append(
                String(format: "%@  %d tests%@", entry.scope, entry.tests.count, note))
            lines += entry.tests.map { "  " + $0 }
        }
        let total = entries.reduce(0) { $0 + $1.tests.count }
        lines.append("\(entries.count) files, \(total) tests")
        return lines.joined(separator: "\n") + "\n"
    }
}
