import FanoutAdapters
import FanoutCore
import FanoutPosix
import Foundation
import Testing

/// Setup commands end when the process they start ends, even when a daemon they left behind holds their output,
/// and a time limit stops the whole process group.
@Suite struct CapturedCommandTests {
    @Test func theOutputAndStatusOfAPlainCommandAreKept() throws {
        let ending = try CapturedCommand.run(
            ["sh", "-c", "echo one; echo two >&2; exit 3"], workspace: "/tmp", environment: [:], timeout: nil)
        #expect(ending.termination == .exited(3) && !ending.timedOut)
        #expect(ending.output.lastLines(5).contains("one") && ending.output.lastLines(5).contains("two"))
    }

    @Test func aBackgroundProcessHoldingTheOutputDoesNotKeepTheCommandRunning() throws {
        let started = Date()
        let ending = try CapturedCommand.run(
            ["sh", "-c", "sleep 30 & echo server $!"], workspace: "/tmp", environment: [:], timeout: nil)
        let server = ending.output.lastLines(1).split(separator: " ").last.flatMap { Int32($0) }
        defer { if let server { kill(server, SIGKILL) } }
        #expect(ending.termination == .exited(0))
        #expect(ending.output.lastLines(5).hasPrefix("server ") && server != nil)
        #expect(Date().timeIntervalSince(started) < 10, "it waited for the background sleep")
    }

    @Test func aCommandPastItsTimeLimitIsStoppedWithItsGroup() throws {
        let started = Date()
        let ending = try CapturedCommand.run(
            ["sh", "-c", "echo waiting; sleep 30; echo never"], workspace: "/tmp", environment: [:], timeout: 0.5)
        #expect(ending.timedOut)
        #expect(ending.termination != .exited(0))
        #expect(ending.output.lastLines(5).contains("waiting") && !ending.output.lastLines(5).contains("never"))
        #expect(Date().timeIntervalSince(started) < 10)
    }
}
