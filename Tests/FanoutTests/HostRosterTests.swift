import FanoutCore
import Testing

/// Which hosts take part in a run: hellos, versions, slot numbering, early messages, silence and loss.
@Suite struct HostRosterTests {
    enum Message: AgentGreetingCarrier, Equatable {
        case hello(protocolVersion: Int, cpus: Int)
        case work(String)

        case helloOn(kernel: String, cpus: Int)
        case ready

        var greeting: AgentGreeting? {
            switch self {
            case .hello(let version, let cpus):
                AgentGreeting(protocolVersion: version, agentVersion: "agent-\(version)", cpuCount: cpus)
            case .helloOn(let kernel, let cpus):
                AgentGreeting(
                    protocolVersion: 7, agentVersion: "agent-7", cpuCount: cpus,
                    kernel: SharedKernel(id: kernel, cpus: cpus))
            default: nil
            }
        }

        var saysSlotReady: Bool { self == .ready }
    }

    typealias Roster = HostRoster<Message>
    static let settings = HostRosterSettings(
        protocolVersion: 7, controllerVersion: "1.0", heartbeatTimeout: 10, helloTimeout: 30)
    static let hello = Message.hello(protocolVersion: 7, cpus: 64)

    @Test func hostsAreWelcomedWithTheirSetUpSlotsNumberedAcrossTheRun() {
        var roster = Roster(settings: Self.settings)
        roster.setupStarted(host: "a")
        roster.setupStarted(host: "b")
        #expect(roster.settingUp == ["a", "b"])
        #expect(roster.setupFinished(host: "a", slots: 4, workspace: "/w/a", now: 0).isEmpty)
        #expect(roster.setupFinished(host: "b", slots: 2, workspace: "/w/b", now: 0).isEmpty)
        #expect(roster.settingUp.isEmpty)
        #expect(
            roster.received(Self.hello, from: "b", now: 1) == [
                .welcome(host: "b", slots: 2, firstGlobalSlot: 0, totalSlots: 6, workspace: "/w/b")
            ])
        #expect(
            roster.received(Self.hello, from: "a", now: 1) == [
                .welcome(host: "a", slots: 4, firstGlobalSlot: 2, totalSlots: 6, workspace: "/w/a")
            ])
        #expect(roster.joined == ["a", "b"])
        #expect(roster.received(.work("x"), from: "a", now: 2) == [.deliver(host: "a", .work("x"))])
    }

    @Test func theTotalNeverFallsBelowTheSlotsAlreadyNumbered() {
        var roster = Roster(settings: Self.settings)
        _ = roster.setupFinished(host: "a", slots: 3, workspace: "/a", now: 0)
        #expect(
            roster.received(Self.hello, from: "a", now: 0) == [
                .welcome(host: "a", slots: 3, firstGlobalSlot: 0, totalSlots: 3, workspace: "/a")
            ])
        #expect(roster.knownTotalSlots == 3)
    }

    @Test func wordsThatOvertakeTheSetupNewsAreKeptAndReplayedInOrder() {
        var roster = Roster(settings: Self.settings)
        roster.setupStarted(host: "a")
        #expect(roster.received(Self.hello, from: "a", now: 0).isEmpty)
        #expect(roster.received(.work("first"), from: "a", now: 0).isEmpty)
        #expect(
            roster.setupFinished(host: "a", slots: 1, workspace: "/a", now: 1) == [
                .welcome(host: "a", slots: 1, firstGlobalSlot: 0, totalSlots: 1, workspace: "/a"),
                .deliver(host: "a", .work("first")),
            ])
        #expect(roster.tick(now: 40).count == 1)  // heard at 0: silent; but the hello is in, so no hello timeout
    }

    @Test func anAgentOfAnotherProtocolIsRefusedOnceAndThenIgnored() {
        var roster = Roster(settings: Self.settings)
        _ = roster.setupFinished(host: "a", slots: 1, workspace: "/a", now: 0)
        let actions = roster.received(.hello(protocolVersion: 6, cpus: 1), from: "a", now: 0)
        guard case .refuse(let host, let reason)? = actions.first, actions.count == 1 else {
            Issue.record("expected one refusal, got \(actions)")
            return
        }
        #expect(host == "a")
        #expect(reason.contains("agent-6 speaks protocol 6") && reason.contains("(1.0) speaks 7"))
        #expect(reason.contains("--agent"))
        #expect(!roster.listens(to: "a"))
        #expect(roster.received(.work("late"), from: "a", now: 1).isEmpty)
        #expect(roster.connectionClosed(host: "a", detail: "exit", now: 0).isEmpty)
        #expect(roster.tick(now: 100).isEmpty)
        #expect(roster.joined.isEmpty)
    }

    @Test func aJoinedHostSilentPastTheHeartbeatTimeoutIsLostOnce() {
        var roster = Roster(settings: Self.settings)
        _ = roster.setupFinished(host: "a", slots: 1, workspace: "/a", now: 0)
        _ = roster.received(Self.hello, from: "a", now: 0)
        for second in stride(from: 5.0, through: 30, by: 5) {
            _ = roster.received(.work("heartbeat"), from: "a", now: second)
            #expect(roster.tick(now: second + 9).isEmpty)
        }
        let lost = roster.tick(now: 41)
        #expect(lost.count == 1)
        guard case .lose(host: "a", let reason)? = lost.first else {
            Issue.record("expected the host lost, got \(lost)")
            return
        }
        #expect(reason.contains("nothing heard from its agent for 11 s"))
        #expect(roster.tick(now: 100).isEmpty)
        #expect(roster.received(.work("late"), from: "a", now: 101).isEmpty)
    }

    @Test func anAgentThatNeverSaysHelloIsLeftOutAndDisconnected() {
        var roster = Roster(settings: Self.settings)
        _ = roster.setupFinished(host: "a", slots: 1, workspace: "/a", now: 0)
        #expect(roster.tick(now: 30).isEmpty)
        let actions = roster.tick(now: 31)
        guard case .leaveOut(host: "a", let reason, disconnect: true)? = actions.first, actions.count == 1 else {
            Issue.record("expected the host left out, got \(actions)")
            return
        }
        #expect(reason.contains("did not say hello within 30 s (stage: agent start)"))
        #expect(roster.received(Self.hello, from: "a", now: 32).isEmpty)
        #expect(roster.joined.isEmpty)
    }

    @Test func aClosedConnectionLosesAJoinedHostAndLeavesOutOneThatNeverJoined() {
        var roster = Roster(settings: Self.settings)
        for host in ["a", "b"] { _ = roster.setupFinished(host: host, slots: 1, workspace: "/", now: 0) }
        _ = roster.received(Self.hello, from: "a", now: 0)
        #expect(roster.connectionClosed(host: "a", detail: "eof", now: 0) == [.lose(host: "a", reason: "eof")])
        #expect(
            roster.connectionClosed(host: "b", detail: "eof", now: 0) == [
                .leaveOut(host: "b", reason: "eof", disconnect: false)
            ])
        #expect(roster.tick(now: 1000).isEmpty)  // neither is waited for any more
    }

    @Test func anAgentWhoseOutputEndsBeforeItsSetupIsReportedIsLeftOutOnce() {
        var roster = Roster(settings: Self.settings)
        roster.setupStarted(host: "a")
        #expect(
            roster.connectionClosed(host: "a", detail: "exit 127", now: 0) == [
                .leaveOut(host: "a", reason: "exit 127", disconnect: false)
            ])
        #expect(roster.setupFinished(host: "a", slots: 2, workspace: "/a", now: 0).isEmpty)
        #expect(roster.tick(now: 100).isEmpty, "no second leave-out at the hello timeout")
        #expect(roster.settingUp.isEmpty)
    }

    @Test func aFailedSetupLeavesTheHostOutOrStopsTheRunWhenFatal() {
        var roster = Roster(settings: Self.settings)
        roster.setupStarted(host: "a")
        roster.setupStarted(host: "b")
        #expect(
            roster.setupFailed(host: "a", reason: "no route", fatal: false) == [
                .leaveOut(host: "a", reason: "no route", disconnect: false)
            ])
        #expect(
            roster.setupFailed(host: "b", reason: "host key changed", fatal: true) == [
                .abortRun(reason: "host key changed")
            ])
        #expect(roster.settingUp.isEmpty)
    }

    @Test func aSetupThatReportsAfterTheRunEndedTakesNoPart() {
        var roster = Roster(settings: Self.settings)
        roster.setupStarted(host: "a")
        roster.setupEndedTooLate(host: "a")
        #expect(roster.settingUp.isEmpty)
        #expect(!roster.listens(to: "a"))
        #expect(roster.received(Self.hello, from: "a", now: 0).isEmpty)
    }
}
