import FanoutCore
import Testing

/// Hosts that share one kernel's CPUs take turns at warming up: the roster welcomes a CPU's worth of them and
/// the next one when a slot of a warming host is ready, when a warming host is gone, or at the hold's end.
@Suite struct HostRosterWarmUpTests {
    typealias Message = HostRosterTests.Message
    typealias Roster = HostRoster<Message>
    static let settings = HostRosterSettings(
        protocolVersion: 7, controllerVersion: "1.0", heartbeatTimeout: 30, helloTimeout: 30, warmUpHold: 5)

    /// A roster with `hosts` set up (one slot each) and their agents' hellos in, on kernel "k" of `cpus` CPUs.
    func greeted(_ hosts: [String], cpus: Int) -> (Roster, [HostRosterAction<Message>]) {
        var roster = Roster(settings: Self.settings)
        var actions: [HostRosterAction<Message>] = []
        for host in hosts {
            _ = roster.setupFinished(host: host, slots: 1, workspace: "/\(host)", now: 0)
            actions += roster.received(.helloOn(kernel: "k", cpus: cpus), from: host, now: 0)
        }
        return (roster, actions)
    }

    func welcomed(_ actions: [HostRosterAction<Message>]) -> [String] {
        actions.compactMap {
            guard case .welcome(let host, _, _, _, _) = $0 else { return nil }
            return host
        }
    }

    @Test func twoCPUsWelcomeTwoHostsAndTheThirdWhenASlotIsReady() {
        var (roster, actions) = greeted(["a", "b", "c"], cpus: 2)
        #expect(welcomed(actions) == ["a", "b"])
        #expect(roster.waitingForWarmUp == ["c"])
        let note = actions.compactMap { action -> String? in
            guard case .note(let text) = action else { return nil }
            return text
        }
        #expect(note.count == 1)
        #expect(note.first?.contains("c shares one kernel and its 2 CPUs with a, b") == true, "\(note)")
        #expect(roster.received(.work("log"), from: "a", now: 1) == [.deliver(host: "a", .work("log"))])
        let ready = roster.received(.ready, from: "b", now: 1.5)
        #expect(welcomed(ready) == ["c"])
        #expect(ready.last == .deliver(host: "b", .ready))
        #expect(roster.waitingForWarmUp.isEmpty)
        #expect(roster.joined == ["a", "b", "c"])
    }

    @Test func slotsAreNumberedInTheOrderHostsAreWelcomed() {
        var (roster, actions) = greeted(["a", "b"], cpus: 1)
        #expect(actions.first == .welcome(host: "a", slots: 1, firstGlobalSlot: 0, totalSlots: 1, workspace: "/a"))
        #expect(
            roster.received(.ready, from: "a", now: 1).first
                == .welcome(host: "b", slots: 1, firstGlobalSlot: 1, totalSlots: 2, workspace: "/b"))
    }

    @Test func aWaitingHostIsWelcomedWhenTheWarmingOneOutlastsTheHold() {
        var (roster, _) = greeted(["a", "b"], cpus: 1)
        #expect(welcomed(roster.tick(now: 4.9)).isEmpty)
        #expect(welcomed(roster.tick(now: 5)) == ["b"])
        #expect(roster.received(.ready, from: "a", now: 6) == [.deliver(host: "a", .ready)], "b has its turn")
    }

    @Test func aWarmingHostThatIsGoneGivesItsTurnOn() {
        var (roster, _) = greeted(["a", "b"], cpus: 1)
        let closed = roster.connectionClosed(host: "a", detail: "eof", now: 1)
        #expect(closed.first == .lose(host: "a", reason: "eof"))
        #expect(welcomed(closed) == ["b"])
    }

    @Test func aWaitingHostThatIsGoneIsLeftOutAndNeverWelcomed() {
        var (roster, _) = greeted(["a", "b", "c"], cpus: 1)
        #expect(
            roster.connectionClosed(host: "b", detail: "eof", now: 1) == [
                .leaveOut(host: "b", reason: "eof", disconnect: false)
            ])
        #expect(welcomed(roster.received(.ready, from: "a", now: 2)) == ["c"])
        #expect(roster.joined == ["a", "c"])
    }

    @Test func aWaitingHostSilentPastTheHeartbeatTimeoutIsLeftOutNotLost() {
        let settings = HostRosterSettings(
            protocolVersion: 7, controllerVersion: "1.0", heartbeatTimeout: 4, helloTimeout: 30, warmUpHold: 5)
        #expect(settings.warmUpHold == 2, "a hold never outlasts half the heartbeat timeout")
        var roster = Roster(settings: settings)
        for host in ["a", "b"] {
            _ = roster.setupFinished(host: host, slots: 1, workspace: "/", now: 0)
            _ = roster.received(.helloOn(kernel: "k", cpus: 1), from: host, now: 0)
        }
        _ = roster.received(.work("heartbeat"), from: "a", now: 1.9)
        let actions = roster.tick(now: 4.5)
        guard case .leaveOut(host: "b", _, disconnect: true)? = actions.first else {
            Issue.record("expected b left out, got \(actions)")
            return
        }
        #expect(welcomed(actions).isEmpty)
    }

    @Test func hostsOnOtherKernelsOrOnAnUnknownOneNeverWait() {
        var roster = Roster(settings: Self.settings)
        for (host, kernel) in [("a", "k1"), ("b", "k2")] {
            _ = roster.setupFinished(host: host, slots: 1, workspace: "/", now: 0)
            #expect(welcomed(roster.received(.helloOn(kernel: kernel, cpus: 1), from: host, now: 0)) == [host])
        }
        _ = roster.setupFinished(host: "c", slots: 1, workspace: "/", now: 0)
        #expect(welcomed(roster.received(HostRosterTests.hello, from: "c", now: 0)) == ["c"])
        #expect(roster.waitingForWarmUp.isEmpty)
    }
}
