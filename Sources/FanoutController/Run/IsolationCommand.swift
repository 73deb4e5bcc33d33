import FanoutAdapters
import FanoutCore
import FanoutPosix
import Foundation

/// The setup or teardown command of an isolated scope, run on the controller in the workspace: argv as
/// configured (never through a shell), in its own process group, output kept for the message if it fails.
public struct IsolationCommand: Sendable {
    public enum Kind: String, Sendable { case setup, teardown }

    public let kind: Kind
    public let scope: String
    public let arguments: [String]
    public let workspace: String
    /// Added to the controller's environment.
    public let environment: [String: String]

    /// Runs to the end. Returns whether it exited 0, and a one-line account with the output's tail otherwise.
    public func run() -> (succeeded: Bool, detail: String) {
        let started = SystemInfo.now
        let termination: ChildProcess.Termination
        let tail: OutputTail
        do {
            (termination, tail) = try CapturedCommand.run(
                arguments, workspace: workspace, environment: SystemInfo.environment.merging(environment) { $1 })
        } catch {
            return (false, "`\(commandLine)` could not start: \(error)")
        }
        let seconds = String(format: "%.2fs", SystemInfo.now - started)
        switch termination {
        case .exited(0):
            return (true, "`\(commandLine)` succeeded in \(seconds)")
        case .exited(let code):
            return (false, "`\(commandLine)` exited with \(code) after \(seconds)\(Self.quoted(tail))")
        case .signalled(let signal):
            return (false, "`\(commandLine)` was killed by signal \(signal) after \(seconds)\(Self.quoted(tail))")
        }
    }

    private var commandLine: String { arguments.joined(separator: " ") }

    private static func quoted(_ tail: OutputTail) -> String {
        let lines = tail.lastLines(10).trimmingCharacters(in: .whitespacesAndNewlines)
        return lines.isEmpty ? "" : "; its output ended with:\n" + lines
    }
}
