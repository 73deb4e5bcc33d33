/// How to start the process that runs one batch.
public struct BatchCommand: Sendable, Equatable {
    /// argv; never passed through a shell, so test ids and paths need no quoting.
    public var arguments: [String]
    public var environment: [String: String]
    public var workingDirectory: String
    /// Descriptor number on which the child writes its result stream.
    public var resultDescriptor: Int32
    /// For a warm worker: the framework's own arguments (what follows the interpreter's bootstrap in
    /// `arguments`), run in a fork of the worker. Nil: this batch can only run as a new process.
    public var frameworkArguments: [String]?
    /// A report file the command writes (JUnit XML), read when the batch is over.
    public var resultFile: String?

    public init(
        arguments: [String], environment: [String: String], workingDirectory: String, resultDescriptor: Int32,
        frameworkArguments: [String]? = nil, resultFile: String? = nil
    ) {
        self.resultFile = resultFile
        self.frameworkArguments = frameworkArguments
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.resultDescriptor = resultDescriptor
    }
}
