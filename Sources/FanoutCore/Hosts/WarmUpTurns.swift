/// Turns at warming up for hosts that share one kernel's CPUs (namespaces or containers on one machine): at most
/// one host per CPU warms up at a time, so the first hosts get whole CPUs and start their tests at once, rather
/// than every host's warm-up sharing the CPUs and all of them starting late. A host whose warm-up is taking
/// longer than `hold` seconds no longer counts, so a waiting host never waits longer than that. Hosts on a
/// kernel of their own, or on one not told, never wait.
public struct WarmUpTurns: Sendable {
    private struct Warming: Sendable {
        var kernel: String
        var since: Double
    }

    private struct Waiting: Sendable {
        var host: String
        var kernel: SharedKernel
    }

    /// Seconds after which a warming host no longer holds its CPU.
    public let hold: Double
    private var warming: [String: Warming] = [:]
    private var waiting: [Waiting] = []

    public init(hold: Double) {
        self.hold = hold
    }

    /// The hosts waiting for their turn, in arrival order.
    public var waitingHosts: [String] { waiting.map(\.host) }

    /// The hosts warming up on `kernel`'s CPUs within their hold.
    public func warmingHosts(on kernel: String, now: Double) -> [String] {
        warming.filter { $0.value.kernel == kernel && now - $0.value.since < hold }.map(\.key).sorted()
    }

    /// `host` is ready to warm up: true when it may start now, false when it waits for a turn.
    public mutating func arrive(host: String, kernel: SharedKernel?, now: Double) -> Bool {
        guard let kernel else { return true }
        guard hasRoom(kernel, now: now), !waiting.contains(where: { $0.kernel.id == kernel.id }) else {
            waiting.append(Waiting(host: host, kernel: kernel))
            return false
        }
        warming[host] = Warming(kernel: kernel.id, since: now)
        return true
    }

    /// `host`'s warm-up ended (a slot is ready, or the host is gone): the hosts whose turn it is now.
    public mutating func ended(host: String, now: Double) -> [String] {
        guard warming.removeValue(forKey: host) != nil else { return [] }
        return nextTurns(now: now)
    }

    /// Time passed: hosts whose turn came because a warm-up outlasted its hold.
    public mutating func tick(now: Double) -> [String] {
        waiting.isEmpty ? [] : nextTurns(now: now)
    }

    /// A waiting host is gone before its turn; false when it was not waiting.
    public mutating func withdraw(host: String) -> Bool {
        guard let index = waiting.firstIndex(where: { $0.host == host }) else { return false }
        waiting.remove(at: index)
        return true
    }

    private func hasRoom(_ kernel: SharedKernel, now: Double) -> Bool {
        warmingHosts(on: kernel.id, now: now).count < kernel.cpus
    }

    /// Waiting hosts, in arrival order, as long as their kernel has a CPU free.
    private mutating func nextTurns(now: Double) -> [String] {
        var turns: [String] = []
        var index = 0
        while index < waiting.count {
            let next = waiting[index]
            guard hasRoom(next.kernel, now: now) else {
                index += 1
                continue
            }
            waiting.remove(at: index)
            warming[next.host] = Warming(kernel: next.kernel.id, since: now)
            turns.append(next.host)
        }
        return turns
    }
}
