import Foundation

/// Debian's headless Chromium, to open the HTML reports as a user's browser would.
enum Chromium {
    static let path = "/usr/bin/chromium"

    /// CI sets FANOUT_REQUIRE_CHROMIUM=1 after installing it, so there a missing browser fails the test.
    static var available: Bool {
        ProcessInfo.processInfo.environment["FANOUT_REQUIRE_CHROMIUM"] == "1"
            || FileManager.default.isExecutableFile(atPath: path)
    }

    /// The page at `file` after its scripts ran, and the messages its scripts wrote to the console.
    static func render(_ file: String) throws -> (dom: String, console: [String]) {
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let run = try Harness.run(
            path,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile.path)",
                "--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000", "--dump-dom",
                URL(fileURLWithPath: file).absoluteString,
            ])
        let console = run.stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
        return (run.stdout, console)
    }
}
