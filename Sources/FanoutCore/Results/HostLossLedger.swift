/// Which hosts went down while which work ran, to tell work that keeps bringing hosts down from bad luck.
///
/// A loss counts against the test its slot reported running, when the agent said which; otherwise against
/// every unit its batch carried. A unit key is a whole scope's id, or a test id for a slice (slices of one
/// scope run side by side, so their losses are told apart by test).
struct HostLossLedger: Sendable {
    /// Hosts lost while a test (by id) was reported running on them.
    private var whileRunning: [String: Set<String>] = [:]
    /// Per scope, every host lost while one of its tests was reported running.
    private var whileRunningInScope: [String: Set<String>] = [:]
    /// Hosts lost while a unit key was in flight on them and no running test was known.
    private var unattributed: [String: Set<String>] = [:]

    /// Records `host` lost while `test` of `scope` ran, in the unit known as `unitKey`; returns the hosts that
    /// count against the test: those lost while it ran, and those lost with its unit and nothing known running.
    mutating func lost(_ host: String, whileRunning test: String, scope: String, unitKey: String) -> Set<String> {
        whileRunning[test, default: []].insert(host)
        whileRunningInScope[scope, default: []].insert(host)
        return whileRunning[test, default: []].union(unattributed[unitKey, default: []])
    }

    /// Records `host` lost while a unit (`unitKeys`, of `scopes`) was in flight and nothing was known running;
    /// returns the hosts lost while any of it was in flight.
    mutating func lost(_ host: String, unitKeys: [String], scopes: [String], isSlice: Bool) -> Set<String> {
        var hosts: Set<String> = []
        for key in unitKeys {
            unattributed[key, default: []].insert(host)
            hosts.formUnion(unattributed[key, default: []])
            if isSlice { hosts.formUnion(whileRunning[key, default: []]) }
        }
        if !isSlice {
            for scope in scopes { hosts.formUnion(whileRunningInScope[scope, default: []]) }
        }
        return hosts
    }
}
