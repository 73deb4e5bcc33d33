import FanoutAgent
import FanoutPosix
import FanoutProtocol
import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "--version":
    print("fanout-agent \(FanoutVersion.string) (protocol \(ProtocolVersion.current))")
    exit(0)
case "--hold-lock":
    exit(WorkspaceLock.hold(arguments: Array(arguments.dropFirst())))
case "--serve":
    exit(Agent().run())
default:
    exit(AgentGuardian.run(executable: SystemInfo.executablePath))
}
