import FoundationEssentials

/// What a run's arguments for a Swift package select, as `swift test` reads them: `--filter` and `--skip`
/// regular expressions, each searched for in a test's id (`Module.Class/test`); a test runs when some filter
/// matches (or there is none) and no skip does. The other arguments are for `swift build`.
public struct SwiftTestSelection: @unchecked Sendable {
    /// `swift build` arguments: all but the selection.
    public let buildArgs: [String]
    // A Regex is an immutable value; it is not Sendable only because its output type is not.
    private let filters: [Regex<AnyRegexOutput>]
    private let skips: [Regex<AnyRegexOutput>]

    /// Throws for an option without its expression, or an expression that is not a valid regular expression.
    public init(arguments: [String]) throws {
        var buildArgs: [String] = []
        var filters: [Regex<AnyRegexOutput>] = []
        var skips: [Regex<AnyRegexOutput>] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard let option = ["--filter", "--skip"].first(where: { argument == $0 || argument.hasPrefix($0 + "=") })
            else {
                buildArgs.append(argument)
                continue
            }
            var pattern = String(argument.dropFirst(option.count))
            if pattern.hasPrefix("=") {
                pattern.removeFirst()
            } else {
                guard index < arguments.count else { throw DiscoveryError("\(option) needs a regular expression") }
                pattern = arguments[index]
                index += 1
            }
            let expression: Regex<AnyRegexOutput>
            do {
                expression = try Regex(pattern)
            } catch {
                throw DiscoveryError("\(option) \(pattern): not a valid regular expression (\(error))")
            }
            if option == "--filter" { filters.append(expression) } else { skips.append(expression) }
        }
        self.buildArgs = buildArgs
        self.filters = filters
        self.skips = skips
    }

    /// Whether the arguments select anything less than every test.
    public var narrows: Bool { !filters.isEmpty || !skips.isEmpty }

    public func selects(_ id: String) -> Bool {
        func found(_ expression: Regex<AnyRegexOutput>) -> Bool {
            id.contains(expression)
        }
        return (filters.isEmpty || filters.contains(where: found)) && !skips.contains(where: found)
    }

    /// The products with only the selected tests listed.
    public func applied(to products: SwiftTestProducts) -> SwiftTestProducts {
        guard narrows else { return products }
        var selected = products
        for index in selected.binaries.indices {
            selected.binaries[index].xctestIDs.removeAll { !selects($0) }
            selected.binaries[index].swiftTestingIDs.removeAll { !selects($0) }
        }
        return selected
    }
}
