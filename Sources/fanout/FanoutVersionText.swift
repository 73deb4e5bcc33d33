import FanoutProtocol

enum FanoutVersionText {
    static let full = "fanout \(FanoutVersion.string) (protocol \(ProtocolVersion.current))"
}
