import FanoutCore
import FanoutPosix
import Testing

@Suite struct LineAndTailTests {
    @Test func linesSurviveAnyChunking() {
        let text = Array("alpha\nbeta\n\ngamma-no-newline".utf8)
        for size in 1...text.count {
            var splitter = LineSplitter()
            var lines: [String] = []
            var start = 0
            while start < text.count {
                let chunk = Array(text[start..<min(start + size, text.count)])
                lines += splitter.push(chunk).map { String(decoding: $0, as: UTF8.self) }
                start += size
            }
            if let rest = splitter.finish() { lines.append(String(decoding: rest, as: UTF8.self)) }
            #expect(lines == ["alpha", "beta", "", "gamma-no-newline"])
        }
    }

    @Test func overlongLinesAreBounded() {
        var splitter = LineSplitter(maxLineBytes: 8)
        #expect(splitter.push(Array(repeating: UInt8(ascii: "x"), count: 20)).map(\.count) == [20])
    }

    @Test func tailKeepsTheEndAndCountsWhatItDropped() {
        var tail = OutputTail(capacity: 10)
        tail.append(Array("0123456789abcdef".utf8))
        #expect(tail.droppedBytes == 6)
        #expect(tail.text == "[... 6 earlier bytes not kept ...]\n6789abcdef")
        var invalid = OutputTail()
        invalid.append([0xff, 0x41])
        #expect(invalid.text == "\u{FFFD}A")
    }
}
