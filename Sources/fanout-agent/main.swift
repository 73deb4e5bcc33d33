import FanoutAgent
import FanoutProtocol
import Foundation

if CommandLine.arguments.dropFirst().first == "--version" {
    print("fanout-agent \(FanoutVersion.string) (protocol \(ProtocolVersion.current))")
    exit(0)
}
exit(Agent().run())
