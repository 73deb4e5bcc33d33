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
                lines += splitter.push(chunk).map(rendered)
                start += size
            }
            if let rest = splitter.finish() { lines.append(rendered(rest)) }
            #expect(lines == ["alpha", "beta", "", "gamma-no-newline"])
        }
    }

    func rendered(_ line: LineSplitter.Line) -> String {
        switch line {
        case .text(let bytes): String(decoding: bytes, as: UTF8.self)
        case .oversized(let bytes): "<\(bytes) bytes dropped>"
        }
    }

    @Test func anOverlongLineIsOneDroppedLineWhateverTheChunkingAndTheNextLineIsIntact() {
        let stream = Array(
            ("ok\n" + String(repeating: "x", count: 20) + "\nnext\n" + String(repeating: "y", count: 9)).utf8)
        for size in 1...stream.count {
            var splitter = LineSplitter(maxLineBytes: 8)
            var lines: [String] = []
            var start = 0
            while start < stream.count {
                lines += splitter.push(Array(stream[start..<min(start + size, stream.count)])).map(rendered)
                start += size
            }
            if let rest = splitter.finish() { lines.append(rendered(rest)) }
            #expect(lines == ["ok", "<20 bytes dropped>", "next", "<9 bytes dropped>"], "chunks of \(size)")
        }
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
