import FanoutPosix
import FanoutSSH
import Foundation

/// One rsync run whose remote shell is `fanout rsh` to `target`: the target (and any passphrases typed at the
/// controller's terminal) go to `fanout rsh` through the environment.
enum RsyncInvocation {
    /// Runs rsync with `arguments` to its end: how it ended and what it printed.
    static func run(_ arguments: [String], target: SSHTarget) throws -> (ChildProcess.Termination, String) {
        var environment = SystemInfo.environment
        environment[RshTargets.environmentKey] = try RshTargets.encode([target])
        let typed = PassphrasePrompt.typed
        if !typed.isEmpty {
            environment[RshTargets.passphrasesKey] = String(decoding: try JSONEncoder().encode(typed), as: UTF8.self)
        }
        let output = try PipePair()
        let process = try ChildProcess.spawn(
            arguments: arguments, environment: environment,
            descriptors: [(output.writeEnd, 1), (output.writeEnd, 2)], newProcessGroup: false)
        FileDescriptorIO.close(output.writeEnd)
        var text: [UInt8] = []
        while let chunk = try? FileDescriptorIO.read(output.readEnd), !chunk.isEmpty { text += chunk }
        FileDescriptorIO.close(output.readEnd)
        return (process.wait(), String(decoding: text, as: UTF8.self))
    }
}
