/// One `<testcase>` of a JUnit XML report, as any tool writes it (pytest, Swift's XUnit output, go-junit-report,
/// cargo nextest, jest-junit).
public struct JUnitCase: Sendable, Equatable {
    public var classname: String
    public var name: String
    /// The `file` attribute, when the tool writes one.
    public var file: String?
    public var seconds: Double
    public var outcome: Outcome
    public var message: String?
    public var details: String?
    public var stdout: String?
    public var stderr: String?

    public init(
        classname: String, name: String, file: String? = nil, seconds: Double, outcome: Outcome,
        message: String? = nil, details: String? = nil, stdout: String? = nil, stderr: String? = nil
    ) {
        self.classname = classname
        self.name = name
        self.file = file
        self.seconds = seconds
        self.outcome = outcome
        self.message = message
        self.details = details
        self.stdout = stdout
        self.stderr = stderr
    }

    /// Every test case in a JUnit document; the last `<failure>`, `<error>` or `<skipped>` decides the outcome.
    public static func cases(in document: XMLElement) -> [JUnitCase] {
        let testcases = document.name == "testcase" ? [document] : document.descendants(named: "testcase")
        return testcases.map { element in
            var result = JUnitCase(
                classname: element.attributes["classname"] ?? "", name: element.attributes["name"] ?? "",
                file: element.attributes["file"], seconds: Double(element.attributes["time"] ?? "") ?? 0,
                outcome: .passed)
            for child in element.children {
                switch child.name {
                case "failure", "error":
                    result.outcome = child.name == "failure" ? .failed : .error
                    result.message = child.attributes["message"] ?? firstLine(child.text)
                    result.details = child.text.isEmpty ? child.attributes["message"] : child.text
                case "skipped":
                    result.outcome = .skipped
                    result.message = child.attributes["message"] ?? (child.text.isEmpty ? nil : child.text)
                case "system-out": result.stdout = child.text.isEmpty ? nil : child.text
                case "system-err": result.stderr = child.text.isEmpty ? nil : child.text
                default: break
                }
            }
            return result
        }
    }

    private static func firstLine(_ text: String) -> String? {
        text.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init)
    }
}
