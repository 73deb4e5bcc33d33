import FanoutCore

/// Renders a run as JUnit XML in the dialect pytest writes (and Jenkins, GitLab and GitHub read).
public struct JUnitReportWriter: Sendable {
    /// The run's framework's id format, which names each test.
    public let ids: any TestIDFormat

    public init(ids: any TestIDFormat) {
        self.ids = ids
    }

    public func render(_ report: RunReport) -> String {
        let counts = report.counts
        let skipped = counts[.skipped] + counts[.xfailed]
        let time = format(report.duration)
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        xml += "<testsuites name=\"fanout\" tests=\"\(counts.total)\" failures=\"\(counts[.failed])\" "
        xml += "errors=\"\(counts[.error] + counts[.timeout])\" skipped=\"\(skipped)\" time=\"\(time)\">\n"
        xml += "  <testsuite name=\"fanout\" tests=\"\(counts.total)\" failures=\"\(counts[.failed])\" "
        xml += "errors=\"\(counts[.error] + counts[.timeout])\" skipped=\"\(skipped)\" time=\"\(time)\" "
        xml += "timestamp=\"\(ISOTimestamp.format(report.startedAt))\">\n"
        for test in report.tests { xml += testcase(test) }
        xml += "  </testsuite>\n</testsuites>\n"
        return xml
    }

    private func testcase(_ test: TestResult) -> String {
        let names = ids.junitName(of: test.id, scope: test.scope)
        var xml = "    <testcase classname=\"\(XMLText.escape(names.classname, attribute: true))\" "
        xml += "name=\"\(XMLText.escape(names.name, attribute: true))\" "
        xml += "file=\"\(XMLText.escape(test.scope, attribute: true))\" time=\"\(format(test.duration))\">\n"
        xml += "      <properties>\n"
        if let worker = test.worker {
            xml +=
                "        <property name=\"fanout.worker\" value=\"\(XMLText.escape(worker.description, attribute: true))\"/>\n"
        }
        xml += "        <property name=\"fanout.outcome\" value=\"\(test.outcome.rawValue)\"/>\n"
        xml += "      </properties>\n"
        let message = XMLText.escape(test.message ?? "", attribute: true)
        let details = XMLText.escape(test.details ?? "")
        switch test.outcome {
        case .failed: xml += "      <failure message=\"\(message)\">\(details)</failure>\n"
        case .error: xml += "      <error message=\"\(message)\">\(details)</error>\n"
        case .timeout: xml += "      <error type=\"timeout\" message=\"\(message)\">\(details)</error>\n"
        case .skipped: xml += "      <skipped type=\"pytest.skip\" message=\"\(message)\"/>\n"
        case .xfailed: xml += "      <skipped type=\"pytest.xfail\" message=\"\(message)\"/>\n"
        case .passed, .xpassed: break
        }
        // Surefire's convention for reruns: failed attempts of a test that finally passed are flakyFailure or
        // flakyError, those of a test that failed every time rerunFailure or rerunError.
        for attempt in test.previousAttempts ?? [] {
            let kind = (test.outcome.isFailure ? "rerun" : "flaky") + (attempt.outcome == .failed ? "Failure" : "Error")
            xml += "      <\(kind) message=\"\(XMLText.escape(attempt.message ?? "", attribute: true))\">"
            xml += "\(XMLText.escape(attempt.details ?? ""))</\(kind)>\n"
        }
        if let stdout = test.stdout, !stdout.isEmpty {
            xml += "      <system-out>\(XMLText.escape(stdout))</system-out>\n"
        }
        if let stderr = test.stderr, !stderr.isEmpty {
            xml += "      <system-err>\(XMLText.escape(stderr))</system-err>\n"
        }
        return xml + "    </testcase>\n"
    }

    private func format(_ seconds: Double) -> String {
        let millis = Int((seconds * 1000).rounded())
        let fraction = String(millis % 1000)
        return "\(millis / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
