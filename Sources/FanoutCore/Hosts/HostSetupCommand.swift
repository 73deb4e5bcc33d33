/// A command every host runs once in its workspace before its agent takes work (`[[host_setup]]`): installing
/// requirements, building test binaries. With `inputs` (globs relative to the workspace) it is skipped on later
/// runs while the files they match are unchanged; without them it runs on every run.
public struct HostSetupCommand: Codable, Sendable, Equatable {
    /// The command's argv (no shell).
    public var run: [String]
    /// Globs of the files the command depends on (`requirements*.txt`, `Package.swift`, `Sources/**`).
    public var inputs: [String]

    public init(run: [String], inputs: [String] = []) {
        self.run = run
        self.inputs = inputs
    }
}
