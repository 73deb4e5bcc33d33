import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reads a pytest JUnit XML file into (classname, name) -> outcome, as the conformance script does.
enum PytestJUnit {
    struct Key: Hashable, CustomStringConvertible {
        var classname: String
        var name: String
        var description: String { "\(classname)::\(name)" }
    }

    static func outcomes(at path: String) throws -> [Key: String] {
        let document = try XMLDocument(contentsOf: URL(fileURLWithPath: path))
        var outcomes: [Key: String] = [:]
        for node in try document.nodes(forXPath: "//testcase") {
            guard let element = node as? XMLElement else { continue }
            let key = Key(
                classname: element.attribute(forName: "classname")?.stringValue ?? "",
                name: element.attribute(forName: "name")?.stringValue ?? "")
            let children = (element.children ?? []).compactMap(\.name)
            let outcome: String
            if children.contains("failure") {
                outcome = "failed"
            } else if children.contains("error") {
                outcome = "error"
            } else if let skipped = element.elements(forName: "skipped").first {
                outcome = skipped.attribute(forName: "type")?.stringValue == "pytest.xfail" ? "xfailed" : "skipped"
            } else {
                outcome = "passed"
            }
            outcomes[key] = outcome
        }
        return outcomes
    }
}
