import Foundation

/// A run of the hang fixture, started and waited for until its quick file is reported and its hanging test
/// (and that test's child, which carries `token`) runs: ready to be interrupted.
struct HangingRun {
    let suite: String
    let token: String
    let json: String
    let running: Harness.Running
    /// What the run printed while it was waited for.
    let seen: String

    static func start(tokenPrefix: String) throws -> HangingRun {
        let suite = try Harness.copyOfSuite("Tests/Fixtures/hang")
        let marker = suite + "/started"
        let token = "\(tokenPrefix)-\(UUID().uuidString.prefix(8))"
        let json = suite + "/report.json"
        let running = try Harness.start(
            Harness.fanoutPath, ["run", suite, "-n", "2", "--json", json],
            environment: ["FANOUT_HANG_MARKER": marker, "FANOUT_HANG_TOKEN": token])
        var seen = Data()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline && !String(decoding: seen, as: UTF8.self).contains("test_quick.py  1 passed") {
            seen.append(running.stdout.fileHandleForReading.availableData)
        }
        while Date() < deadline && !FileManager.default.fileExists(atPath: marker) { usleep(50_000) }
        return HangingRun(
            suite: suite, token: token, json: json, running: running, seen: String(decoding: seen, as: UTF8.self))
    }

    /// Whether the hanging test started.
    var hangStarted: Bool { FileManager.default.fileExists(atPath: suite + "/started") }
}
