import Foundation

/// Runs the built `fanout` binary and plain pytest on copies of fixture suites.
enum Harness {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// `fanout` next to this test executable (SwiftPM builds products into the same directory).
    static var fanoutPath: String {
        let executable =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: executable).deletingLastPathComponent()
        // On Linux the tests run from <build>/FanoutPackageTests.xctest; elsewhere from inside a bundle.
        while directory.path != "/"
            && !FileManager.default.fileExists(atPath: directory.appendingPathComponent("fanout").path)
        {
            directory = directory.deletingLastPathComponent()
        }
        return directory.appendingPathComponent("fanout").path
    }

    struct Result {
        var exitCode: Int32
        var stdout: String
        var stderr: String
    }

    /// Copies `relativePath` (from the package root) to a fresh temporary directory and returns its path.
    static func copyOfSuite(_ relativePath: String) throws -> String {
        let destination = FileManager.default.temporaryDirectory.appendingPathComponent(
            "fanout-it-\(UUID().uuidString.prefix(8))")
        try FileManager.default.copyItem(
            at: URL(fileURLWithPath: packageRoot).appendingPathComponent(relativePath), to: destination)
        for leftover in [".fanout", ".pytest_cache"] {
            try? FileManager.default.removeItem(at: destination.appendingPathComponent(leftover))
        }
        return destination.path
    }

    /// A fresh empty temporary directory.
    static func emptyDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "fanout-it-\(UUID().uuidString.prefix(8))"
        ).path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func run(
        _ executable: String, _ arguments: [String], directory: String? = nil, environment: [String: String] = [:],
        input: Data? = nil
    ) throws -> Result {
        let process = try start(executable, arguments, directory: directory, environment: environment, input: input)
        return finish(process)
    }

    static func fanout(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        try run(fanoutPath, arguments, environment: environment)
    }

    struct Running {
        let process: Process
        let stdout: Pipe
        let stderr: Pipe
    }

    /// Starts `executable`; its standard input is `input` (then closed) or empty.
    static func start(
        _ executable: String, _ arguments: [String], directory: String? = nil, environment: [String: String] = [:],
        input: Data? = nil
    ) throws -> Running {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable.hasPrefix("/") ? executable : "/usr/bin/env")
        process.arguments = executable.hasPrefix("/") ? arguments : [executable] + arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        let stdin = input.map { _ in Pipe() }
        process.standardInput = stdin ?? FileHandle.nullDevice
        try process.run()
        if let stdin, let input {
            Thread.detachNewThread {
                stdin.fileHandleForWriting.write(input)
                try? stdin.fileHandleForWriting.close()
            }
        }
        return Running(process: process, stdout: stdout, stderr: stderr)
    }

    static func finish(_ running: Running) -> Result {
        // Read before waiting, so a full pipe cannot deadlock the child.
        let out = running.stdout.fileHandleForReading.readDataToEndOfFile()
        let err = running.stderr.fileHandleForReading.readDataToEndOfFile()
        running.process.waitUntilExit()
        return Result(
            exitCode: running.process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
            stderr: String(decoding: err, as: UTF8.self))
    }
}
