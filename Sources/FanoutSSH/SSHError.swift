/// A failure talking to one host, said with the host, what was being done, and what to do about it.
public struct SSHError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case connect
        case handshake
        case unknownHostKey
        case changedHostKey
        case authentication
        case channel
        case connectionLost
        /// A stage of talking to the host did not finish in time (the host accepted the connection and went
        /// silent, or a command hung).
        case timeout
    }

    public var kind: Kind
    public var host: String
    public var message: String

    public init(_ kind: Kind, host: String, _ message: String) {
        self.kind = kind
        self.host = host
        self.message = message
    }

    public var description: String { "\(host): \(message)" }
}
