/// Discovery found something it cannot work with.
public struct DiscoveryError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
