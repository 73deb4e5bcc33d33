/// Which hosts take part in a run, as a value: hosts being set up, agents started and awaiting their hello,
/// hosts that joined (with their slots numbered across the run), when each was last heard from, and hosts
/// disowned (refused, timed out or lost to silence) whose further words are ignored. Each event returns the
/// actions the controller's shell performs; nothing here does I/O or reads a clock.
public struct HostRoster<Message: AgentGreetingCarrier>: Sendable {
    public typealias Action = HostRosterAction<Message>

    private struct ReadyHost: Sendable {
        var slots: Int
        var workspace: String
    }

    public let settings: HostRosterSettings
    /// Hosts whose setup has not reported yet.
    public private(set) var settingUp: Set<String> = []
    /// Hosts that ever joined the run.
    public private(set) var joined: Set<String> = []
    /// Hosts refused, timed out or lost to silence: what they still send is ignored.
    public private(set) var disowned: Set<String> = []
    private var ready: [String: ReadyHost] = [:]
    private var awaitingHello: [String: Double] = [:]
    private var lastHeard: [String: Double] = [:]
    /// Messages of agents whose host's setup has not been reported yet, in arrival order: an agent's first
    /// words can overtake the news that its host is set up.
    private var early: [String: [Message]] = [:]
    private var nextGlobalSlot = 0
    private var warmUps: WarmUpTurns
    /// Kernels whose shared CPUs the user was told about.
    private var kernelsNoted: Set<String> = []

    public init(settings: HostRosterSettings) {
        self.settings = settings
        warmUps = WarmUpTurns(hold: settings.warmUpHold)
    }

    /// Hosts whose agents said hello and wait for a CPU of a kernel they share with hosts warming up.
    public var waitingForWarmUp: [String] { warmUps.waitingHosts }

    /// Slots across the run as far as known: every set-up host's (hosts still being set up are not counted).
    public var knownTotalSlots: Int { ready.values.reduce(0) { $0 + $1.slots } }

    /// `host`'s setup started on its own thread.
    public mutating func setupStarted(host: String) {
        settingUp.insert(host)
    }

    /// `host` is set up and its agent started with `slots` slots in `workspace`; what it already said is
    /// replayed.
    public mutating func setupFinished(host: String, slots: Int, workspace: String, now: Double) -> [Action] {
        settingUp.remove(host)
        ready[host] = ReadyHost(slots: slots, workspace: workspace)
        awaitingHello[host] = now
        return (early.removeValue(forKey: host) ?? []).flatMap { received($0, from: host, now: now) }
    }

    /// `host` could not be set up: the run goes on without it, or stops when the failure is `fatal` (a host
    /// key refused, authentication failed: the user must act before any run can be trusted).
    public mutating func setupFailed(host: String, reason: String, fatal: Bool) -> [Action] {
        settingUp.remove(host)
        if fatal { return [.abortRun(reason: reason)] }
        guard !disowned.contains(host) else { return [] }
        return [.leaveOut(host: host, reason: reason, disconnect: false)]
    }

    /// `host`'s setup reported after the run ended: the host takes no part, whatever the report said.
    public mutating func setupEndedTooLate(host: String) {
        settingUp.remove(host)
        disowned.insert(host)
    }

    /// A message arrived from `host`'s agent.
    public mutating func received(_ message: Message, from host: String, now: Double) -> [Action] {
        guard !disowned.contains(host) else { return [] }
        lastHeard[host] = now
        guard let readyHost = ready[host] else {
            early[host, default: []].append(message)
            return []
        }
        guard let greeting = message.greeting else {
            let turns = message.saysSlotReady ? warmUps.ended(host: host, now: now) : []
            return turns.flatMap { welcome($0) } + [.deliver(host: host, message)]
        }
        awaitingHello[host] = nil
        guard greeting.protocolVersion == settings.protocolVersion else {
            disowned.insert(host)
            return [.refuse(host: host, reason: refusal(greeting))]
        }
        guard warmUps.arrive(host: host, kernel: greeting.kernel, now: now) else {
            return greeting.kernel.map { noteSharedCPUs($0, waiting: host, now: now) } ?? []
        }
        return welcome(host)
    }

    private mutating func welcome(_ host: String) -> [Action] {
        guard let readyHost = ready[host], !disowned.contains(host) else { return [] }
        let first = nextGlobalSlot
        nextGlobalSlot += readyHost.slots
        joined.insert(host)
        return [
            .welcome(
                host: host, slots: readyHost.slots, firstGlobalSlot: first,
                totalSlots: max(knownTotalSlots, first + readyHost.slots), workspace: readyHost.workspace)
        ]
    }

    /// Said once per kernel: its hosts warm up a CPU's worth at a time.
    private mutating func noteSharedCPUs(_ kernel: SharedKernel, waiting host: String, now: Double) -> [Action] {
        guard kernelsNoted.insert(kernel.id).inserted else { return [] }
        let others = warmUps.warmingHosts(on: kernel.id, now: now).joined(separator: ", ")
        return [
            .note(
                "\(host) shares one kernel and its \(kernel.cpus) CPU\(kernel.cpus == 1 ? "" : "s") with \(others): "
                    + "hosts that share CPUs warm up \(kernel.cpus) at a time, so the first start their tests sooner "
                    + "(a host waits at most \(NumberText.fixed(settings.warmUpHold, digits: 0)) s)")
        ]
    }

    /// Whether what `host` sends still counts (it is not disowned).
    public func listens(to host: String) -> Bool { !disowned.contains(host) }

    /// `host`'s agent output ended: the host is lost if it had joined, left out otherwise.
    public mutating func connectionClosed(host: String, detail: String, now: Double) -> [Action] {
        guard !disowned.contains(host) else { return [] }
        lastHeard[host] = nil
        awaitingHello[host] = nil
        _ = warmUps.withdraw(host: host)
        let turns = warmUps.ended(host: host, now: now).flatMap { welcome($0) }
        if joined.contains(host) { return [.lose(host: host, reason: detail)] + turns }
        // Left out once: the news that its setup finished may still come, and must not leave it out again.
        disowned.insert(host)
        return [.leaveOut(host: host, reason: detail, disconnect: false)] + turns
    }

    /// Time passed: hosts silent past the heartbeat timeout are lost (a cut link or a frozen host sends no error,
    /// only silence), and agents that did not say hello within the hello timeout are left out.
    public mutating func tick(now: Double) -> [Action] {
        var actions: [Action] = []
        for (host, heard) in lastHeard.sorted(by: { $0.key < $1.key })
        where now - heard > settings.heartbeatTimeout && !disowned.contains(host) {
            disowned.insert(host)
            let reason =
                "nothing heard from its agent for \(NumberText.fixed(now - heard, digits: 0)) s (heartbeats "
                + "stopped): its link or host is down"
            let wasWaiting = warmUps.withdraw(host: host)
            actions.append(
                joined.contains(host) || !wasWaiting
                    ? .lose(host: host, reason: reason) : .leaveOut(host: host, reason: reason, disconnect: true))
            actions += warmUps.ended(host: host, now: now).flatMap { welcome($0) }
        }
        for (host, started) in awaitingHello.sorted(by: { $0.key < $1.key })
        where now - started > settings.helloTimeout {
            awaitingHello[host] = nil
            guard !disowned.contains(host) else { continue }
            disowned.insert(host)
            let reason =
                "its agent was started but did not say hello within "
                + "\(NumberText.fixed(settings.helloTimeout, digits: 0)) s (stage: agent start); run "
                + "`fanout hosts check` and look at the host's load"
            actions.append(.leaveOut(host: host, reason: reason, disconnect: true))
        }
        return actions + warmUps.tick(now: now).flatMap { welcome($0) }
    }

    private func refusal(_ greeting: AgentGreeting) -> String {
        "its agent \(greeting.agentVersion) speaks protocol \(greeting.protocolVersion) but this controller "
            + "(\(settings.controllerVersion)) speaks \(settings.protocolVersion); install matching versions "
            + "(--agent names the agent binary to upload)"
    }
}
