import FanoutCore
import FanoutFormats

extension SettingsDecoder {
    /// Keys of the `[database]` table.
    public static let databaseKeys: [String: String] = [
        "url": "a string: postgresql://user:password@host:port/name, mysql://... or sqlite:///path",
        "template": "a non-empty array of strings (program and arguments)",
        "inputs": "an array of glob patterns",
        "variable": "an environment variable name",
    ]

    func database(_ node: TOMLNode, _ fields: Fields) throws -> WorkerDatabaseSpec {
        guard case .table(let table) = node.value else { throw fields.typeError("database", node) }
        let tableFields = Fields(file: file, location: "[database]", known: Self.databaseKeys)
        var spec = WorkerDatabaseSpec(url: "")
        for key in table.keys {
            let value = table[key]!
            switch key {
            case "url":
                spec.url = try tableFields.string(key, value)
                do throws(DatabaseURLError) {
                    _ = try DatabaseURL(parsing: spec.url)
                } catch {
                    throw ConfigError(file: file, line: value.line, message: "[database] url: \(error)")
                }
            case "template": spec.template = try tableFields.command(key, value)
            case "inputs": spec.inputs = try tableFields.strings(key, value)
            case "variable":
                spec.variable = try tableFields.string(key, value)
                guard Self.isVariableName(spec.variable) else { throw tableFields.typeError(key, value) }
            default: throw tableFields.unknown(key, value)
            }
        }
        guard !spec.url.isEmpty else {
            throw ConfigError(
                file: file, line: node.line, message: "[database] needs `url`: the database the tests use")
        }
        return spec
    }

    static func isVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_")
        }
    }
}
