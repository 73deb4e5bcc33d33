import FanoutCore
import Testing

@testable import FanoutAdapters

@Suite struct JUnitTests {
    let pytestReport = """
        <?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" errors="1" failures="1" skipped="1" tests="4">\
        <testcase classname="tests.test_a" name="test_ok" time="0.001" />\
        <testcase classname="tests.test_a" name="test_bad[a&lt;b]" time="0.20"><failure message="assert 1 == 2">def test_bad():
        &gt;       assert 1 == 2
        E       assert 1 == 2</failure><system-out>printed &amp; kept</system-out></testcase>\
        <testcase classname="tests.test_a" name="test_skip" time="0"><skipped type="pytest.skip" message="not today">skip</skipped></testcase>\
        <testcase classname="" name="tests.test_b" time="0"><error message="collection failure"><![CDATA[ImportError: x & y <z>]]></error></testcase>\
        </testsuite></testsuites>
        """

    @Test func readsEveryCaseWithItsOutcomeAndText() throws {
        let cases = JUnitCase.cases(in: try MiniXMLParser.parse(Array(pytestReport.utf8)))
        #expect(cases.map(\.name) == ["test_ok", "test_bad[a<b]", "test_skip", "tests.test_b"])
        #expect(cases.map(\.outcome) == [.passed, .failed, .skipped, .error])
        #expect(cases[1].message == "assert 1 == 2")
        #expect(cases[1].details?.contains(">       assert 1 == 2") == true)
        #expect(cases[1].stdout == "printed & kept")
        #expect(cases[1].seconds == 0.2)
        #expect(cases[2].message == "not today")
        #expect(cases[3].details == "ImportError: x & y <z>")
    }

    @Test func swiftXUnitOutputReads() throws {
        let xunit = """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuites>
              <testsuite name="TestResults" errors="0" tests="2" failures="1" time="0.01">
                <testcase classname="DemoTests.MathTests" name="testAdds" time="0.001"></testcase>
                <testcase classname="DemoTests.MathTests" name="testFails" time="0.002">
                  <failure message="XCTAssertEqual failed: (&quot;1&quot;) is not equal to (&quot;2&quot;)"></failure>
                </testcase>
              </testsuite>
            </testsuites>
            """
        let cases = JUnitCase.cases(in: try MiniXMLParser.parse(Array(xunit.utf8)))
        #expect(cases.count == 2)
        #expect(cases[1].outcome == .failed)
        #expect(cases[1].message == "XCTAssertEqual failed: (\"1\") is not equal to (\"2\")")
    }

    @Test func numericEntitiesAndSingleQuotes() throws {
        let root = try MiniXMLParser.parse(Array("<a x='&#x41;&#66;&unknown;'>caf&#233;</a>".utf8))
        #expect(root.attributes["x"] == "AB&unknown;")
        #expect(root.text == "café")
    }

    @Test func brokenDocumentsAreErrorsWithAnOffset() {
        for text in ["", "<a>", "<a></b>", "<a x=1/>", "<a x='1></a>", "text only", "<a><![CDATA[x</a>"] {
            #expect(throws: MiniXMLParser.ParseError.self, "\(text)") { try MiniXMLParser.parse(Array(text.utf8)) }
        }
    }

    @Test func nestingPastTheLimitIsAnErrorNotAStackOverflow() throws {
        let deep = String(repeating: "<a>", count: 1_000_000) + String(repeating: "</a>", count: 1_000_000)
        #expect(throws: MiniXMLParser.ParseError.self) { try MiniXMLParser.parse(Array(deep.utf8)) }
        let limit = MiniXMLParser.maximumDepth
        let allowed = String(repeating: "<a>", count: limit) + String(repeating: "</a>", count: limit)
        #expect(try MiniXMLParser.parse(Array(allowed.utf8)).name == "a")
    }

    @Test func randomBytesNeverCrashTheParser() {
        var random = SeededRandom(seed: 7)
        let alphabet = Array("<>/='\"&;!?[]-ax #CDAT\n".utf8)
        for _ in 0..<3000 {
            let length = Int(random.next() % 60)
            let bytes = (0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
            _ = try? MiniXMLParser.parse(bytes)
        }
    }
}

@Suite struct CommandAdapterUnitTests {
    @Test func testsPlaceholderExpandsToArgumentsOrAJoinedList() {
        let expanded = CommandBatchRunner.expand(
            ["go", "test", "-run", "^({tests})$", "--junitfile={junit}", "{tests}"], scopes: ["A b", "C;rm -rf /"],
            junit: "/t/r.xml", separator: "|")
        #expect(expanded == ["go", "test", "-run", "^(A b|C;rm -rf /)$", "--junitfile=/t/r.xml", "A b", "C;rm -rf /"])
    }

    @Test func junitCasesBecomeResultsOfTheirScopes() {
        let spec = CommandSpec(run: [], scopeAttribute: "classname", idTemplate: "{classname}/{name}")
        let mapping = JUnitMapping(spec: spec, scopes: ["Demo.MathTests", "Demo"])
        let exact = mapping.result(
            for: JUnitCase(classname: "Demo.MathTests", name: "testAdds", seconds: 0.5, outcome: .passed),
            worker: WorkerID(host: "h", slot: 1), batch: 3)
        #expect(exact.id == "Demo.MathTests/testAdds")
        #expect(exact.scope == "Demo.MathTests")
        #expect(exact.duration == 0.5)
        let prefixed = mapping.result(
            for: JUnitCase(classname: "Demo.Other", name: "x", seconds: 0, outcome: .failed),
            worker: WorkerID(host: "h", slot: 1), batch: 3)
        #expect(prefixed.scope == "Demo")
    }
}
