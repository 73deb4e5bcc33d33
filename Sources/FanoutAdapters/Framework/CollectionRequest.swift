/// What a framework's test collection is given: the scopes whose tests to list and how to run the framework.
public struct CollectionRequest: Sendable {
    public var workspace: String
    /// Interpreter or tool the framework runs with (`python3`).
    public var executable: String
    public var frameworkArgs: [String]
    public var scopes: [String]

    public init(workspace: String, executable: String, frameworkArgs: [String], scopes: [String]) {
        self.workspace = workspace
        self.executable = executable
        self.frameworkArgs = frameworkArgs
        self.scopes = scopes
    }

    /// The same request for other scopes.
    public func with(scopes: [String]) -> CollectionRequest {
        var copy = self
        copy.scopes = scopes
        return copy
    }
}
