/// A problem that stops the controller before or outside the run, said plainly with what to do.
public struct ControllerError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
