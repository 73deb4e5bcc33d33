/// One report given to `fanout report merge`, with the name the user knows it by (its path).
public struct NamedReport: Sendable {
    public var name: String
    public var report: RunReport

    public init(name: String, report: RunReport) {
        self.name = name
        self.report = report
    }
}
