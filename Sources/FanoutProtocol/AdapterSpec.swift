/// Which adapter runs batches on an agent, and how.
public struct AdapterSpec: Codable, Sendable, Equatable {
    /// Adapter name, e.g. `pytest`.
    public var name: String
    /// Interpreter or tool to run (`python3` for pytest), resolved through PATH on the agent's host.
    public var executable: String
    /// Arguments passed through to the framework for every batch.
    public var frameworkArgs: [String]
    /// Extra environment for test processes.
    public var environment: [String: String]

    public init(name: String, executable: String, frameworkArgs: [String], environment: [String: String] = [:]) {
        self.name = name
        self.executable = executable
        self.frameworkArgs = frameworkArgs
        self.environment = environment
    }
}
