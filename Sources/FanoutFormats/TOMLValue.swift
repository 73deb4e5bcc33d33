/// A parsed TOML value.
public indirect enum TOMLValue: Equatable, Sendable {
    case string(String)
    case integer(Int)
    case float(Double)
    case boolean(Bool)
    /// Dates and times are kept as their text; Fanout's config has none, but a pyproject.toml may.
    case datetime(String)
    case array([TOMLNode])
    case table(TOMLTable)

    /// Name of the type for error messages.
    public var typeName: String {
        switch self {
        case .string: "string"
        case .integer: "integer"
        case .float: "float"
        case .boolean: "boolean"
        case .datetime: "datetime"
        case .array: "array"
        case .table: "table"
        }
    }
}

/// A value with the line it was defined on.
public struct TOMLNode: Equatable, Sendable {
    public var value: TOMLValue
    public var line: Int

    public init(_ value: TOMLValue, line: Int) {
        self.value = value
        self.line = line
    }
}

/// A TOML table with its keys in file order.
public struct TOMLTable: Equatable, Sendable {
    public private(set) var keys: [String] = []
    private var nodes: [String: TOMLNode] = [:]

    public init() {}

    public subscript(key: String) -> TOMLNode? { nodes[key] }

    public mutating func set(_ key: String, _ node: TOMLNode) {
        if nodes[key] == nil { keys.append(key) }
        nodes[key] = node
    }

    /// Follows a dotted path of nested tables (`tool.fanout`).
    public func table(at path: [String]) -> (table: TOMLTable, line: Int)? {
        var current = self
        var line = 0
        for key in path {
            guard let node = current[key], case .table(let next) = node.value else { return nil }
            current = next
            line = node.line
        }
        return (current, line)
    }
}
