import FanoutConfig
import FanoutFormats
import Testing

@Suite struct TOMLParserTests {
    @Test func parsesTheValueKindsAPyprojectUses() throws {
        let text = #"""
            # comment
            name = "fan\tout \u00e9"
            literal = 'C:\path'
            count = 1_000
            hex = 0xff
            ratio = 0.5
            big = 1e3
            on = true
            when = 1979-05-27 07:32:00Z
            list = [1, 2,
              3, # trailing comment
            ]
            inline = { a = 1, b.c = "x" }
            multi = """
            first \
              second"""
            raw = '''
            keep \n as is'''

            [tool.fanout]
            slots = 4

            [[hosts]]
            address = "h1"
            [[hosts]]
            address = "h2"
            """#
        let table = try TOMLParser.parse(text, file: "pyproject.toml")
        #expect(table["name"]?.value == .string("fan\tout é"))
        #expect(table["literal"]?.value == .string(#"C:\path"#))
        #expect(table["count"]?.value == .integer(1000))
        #expect(table["hex"]?.value == .integer(255))
        #expect(table["ratio"]?.value == .float(0.5))
        #expect(table["big"]?.value == .float(1000))
        #expect(table["on"]?.value == .boolean(true))
        #expect(table["when"]?.value == .datetime("1979-05-27 07:32:00Z"))
        #expect(
            table["list"]?.value
                == .array([
                    TOMLNode(.integer(1), line: 10), TOMLNode(.integer(2), line: 10), TOMLNode(.integer(3), line: 11),
                ]))
        #expect(table["multi"]?.value == .string("first second"))
        #expect(table["raw"]?.value == .string(#"keep \n as is"#))
        guard case .table(let inline) = table["inline"]?.value, case .table(let b) = inline["b"]?.value else {
            Issue.record("inline table missing")
            return
        }
        #expect(b["c"]?.value == .string("x"))
        let fanout = try #require(table.table(at: ["tool", "fanout"]))
        #expect(fanout.table["slots"] == TOMLNode(.integer(4), line: 21))
        guard case .array(let hosts) = table["hosts"]?.value else {
            Issue.record("hosts missing")
            return
        }
        #expect(hosts.count == 2)
    }

    @Test(arguments: [
        ("a = 1\na = 2\n", 2, "defined twice"),
        ("a = \"unterminated\n", 1, "unterminated string"),
        ("[t]\n[t]\n", 2, "defined twice"),
        ("x = nope\n", 1, "invalid value 'nope'"),
        ("x = 1 y = 2\n", 1, "unexpected text"),
        ("x = [1, 2\n", 2, "expected ',' or ']'"),
        ("a = 1\nx = \"a\u{7f}b\"\n", 2, "control character U+007F in a string"),
        ("# bell \u{07}\n", 1, "control character U+0007 in a comment"),
        ("a = 1\r\nb = 2\r", 2, "unexpected text"),
        ("x = 012\n", 1, "invalid value '012'"),
        ("x = 0b_101\n", 1, "invalid value '0b_101'"),
        ("x = +0x10\n", 1, "invalid value '+0x10'"),
        ("x = 1__000\n", 1, "invalid value '1__000'"),
        ("x = .5\n", 1, "invalid value '.5'"),
        ("x = 00:32:0.5\n", 1, "invalid date or time '00:32:0.5'"),
        ("x = 2023-02-29\n", 1, "invalid date or time"),
        ("x = 1979-05-27T25:00:00Z\n", 1, "invalid date or time"),
        ("x = 92233720368547758070\n", 1, "does not fit in 64 bits"),
        ("x = \"\\e\"\n", 1, "invalid escape"),
    ])
    func errorsNameTheLine(text: String, line: Int, fragment: String) {
        do {
            _ = try TOMLParser.parse(text, file: "f.toml")
            Issue.record("expected an error for \(text)")
        } catch let error as ConfigError {
            #expect(error.line == line)
            #expect(error.file == "f.toml")
            #expect(error.message.contains(fragment), "\(error.message)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
