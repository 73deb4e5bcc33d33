/// How to start the process that runs one batch.
public struct BatchCommand: Sendable, Equatable {
    /// argv; never passed through a shell, so test ids and paths need no quoting.
    public var arguments: [String]
    public var environment: [String: String]
    public var workingDirectory: String
    /// Descriptor number on which the child writes its result stream.
    public var resultDescriptor: Int32

    public init(arguments: [String], environment: [String: String], workingDirectory: String, resultDescriptor: Int32) {
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.resultDescriptor = resultDescriptor
    }
}
