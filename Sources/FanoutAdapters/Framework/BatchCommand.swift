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
    /// argv of further processes of the same batch, started in turn after the one before has ended (whether
    /// it passed, failed or crashed; not after a timeout or a cancel), each with this command's environment,
    /// directory and descriptors: a Swift test binary runs its XCTest and its Swift Testing tests in two
    /// processes.
    public var followUps: [[String]]

    public init(
        arguments: [String], environment: [String: String], workingDirectory: String, resultDescriptor: Int32,
        frameworkArguments: [String]? = nil, resultFile: String? = nil, followUps: [[String]] = []
    ) {
        self.followUps = followUps
        self.resultFile = resultFile
        self.frameworkArguments = frameworkArguments
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.resultDescriptor = resultDescriptor
    }
}
