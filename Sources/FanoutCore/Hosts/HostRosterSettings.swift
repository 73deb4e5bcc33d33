/// The limits and versions a `HostRoster` checks hosts against.
public struct HostRosterSettings: Sendable, Equatable {
    /// The protocol version this controller speaks; an agent greeting with another one is refused.
    public var protocolVersion: Int
    /// This controller's version, named when an agent is refused.
    public var controllerVersion: String
    /// A joined host silent (not even a heartbeat) for longer than this is lost (seconds).
    public var heartbeatTimeout: Double
    /// An agent started but silent for longer than this is left out (seconds).
    public var helloTimeout: Double
    /// Longest a host waits for a CPU of the kernel it shares with hosts that are warming up (seconds).
    public var warmUpHold: Double

    public init(
        protocolVersion: Int, controllerVersion: String, heartbeatTimeout: Double, helloTimeout: Double,
        warmUpHold: Double = 5
    ) {
        self.protocolVersion = protocolVersion
        self.controllerVersion = controllerVersion
        self.heartbeatTimeout = heartbeatTimeout
        self.helloTimeout = helloTimeout
        // Held past the heartbeat timeout, a waiting agent would look lost.
        self.warmUpHold = min(warmUpHold, heartbeatTimeout / 2)
    }
}
