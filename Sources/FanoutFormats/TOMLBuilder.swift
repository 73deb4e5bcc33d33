/// A mutable table used while parsing; `freeze()` turns it into a `TOMLTable`.
final class TOMLBuilder {
    private enum Entry {
        case value(TOMLNode)
        case table(TOMLBuilder)
        case tableArray([TOMLBuilder], line: Int)
    }

    let line: Int
    /// Whether a `[header]` defined this table (defining it twice is an error).
    var isExplicit = false
    private var keys: [String] = []
    private var entries: [String: Entry] = [:]

    init(line: Int) {
        self.line = line
    }

    /// `[a.b.c]`: finds or creates the table, failing if it was defined before.
    func openTable(at path: [String], line: Int, parser: TOMLParser) throws -> TOMLBuilder {
        let table = try descend(path, line: line, parser: parser)
        guard !table.isExplicit else {
            throw parser.error("table [\(path.joined(separator: "."))] is defined twice")
        }
        table.isExplicit = true
        return table
    }

    /// `[[a.b]]`: appends a new table to the array at the path.
    func appendTableArray(at path: [String], line: Int, parser: TOMLParser) throws -> TOMLBuilder {
        let parent = try descend(Array(path.dropLast()), line: line, parser: parser)
        let key = path[path.count - 1]
        let table = TOMLBuilder(line: line)
        switch parent.entries[key] {
        case nil:
            parent.keys.append(key)
            parent.entries[key] = .tableArray([table], line: line)
        case .tableArray(let tables, let arrayLine):
            parent.entries[key] = .tableArray(tables + [table], line: arrayLine)
        default:
            throw parser.error("'\(key)' is already defined and is not an array of tables")
        }
        return table
    }

    /// `a.b = value`: assigns through dotted keys, failing on redefinition.
    func assign(path: [String], node: TOMLNode, parser: TOMLParser) throws {
        let table = try descend(Array(path.dropLast()), line: node.line, parser: parser)
        let key = path[path.count - 1]
        guard table.entries[key] == nil else {
            throw parser.error("key '\(path.joined(separator: "."))' is defined twice")
        }
        table.keys.append(key)
        table.entries[key] = .value(node)
    }

    private func descend(_ path: [String], line: Int, parser: TOMLParser) throws -> TOMLBuilder {
        var table = self
        for key in path {
            switch table.entries[key] {
            case nil:
                let child = TOMLBuilder(line: line)
                table.keys.append(key)
                table.entries[key] = .table(child)
                table = child
            case .table(let child):
                table = child
            case .tableArray(let tables, _):
                table = tables[tables.count - 1]
            case .value:
                throw parser.error("'\(key)' is a value, not a table")
            }
        }
        return table
    }

    func freeze() -> TOMLTable {
        var result = TOMLTable()
        for key in keys {
            switch entries[key]! {
            case .value(let node): result.set(key, node)
            case .table(let child): result.set(key, TOMLNode(.table(child.freeze()), line: child.line))
            case .tableArray(let tables, let line):
                result.set(
                    key, TOMLNode(.array(tables.map { TOMLNode(.table($0.freeze()), line: $0.line) }), line: line))
            }
        }
        return result
    }
}
