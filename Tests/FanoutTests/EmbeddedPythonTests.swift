import Foundation
import Testing

@testable import FanoutAdapters

/// The Python that runs in interpreters is the repository's `.py` files, byte for byte, and none of it lives
/// in Swift source.
@Suite struct EmbeddedPythonTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func files(under directory: String, ending suffix: String) -> [URL] {
        let base = Self.root.appendingPathComponent(directory)
        let paths = FileManager.default.subpaths(atPath: base.path) ?? []
        return paths.filter { $0.hasSuffix(suffix) }.sorted().map { base.appendingPathComponent($0) }
    }

    @Test func everyPythonFileIsEmbeddedExactlyAsItIs() throws {
        let python = files(under: "Sources/FanoutAdapters", ending: ".py")
        #expect(python.count == EmbeddedPython.all.count)
        for file in python {
            let embedded = EmbeddedPython.all.first { $0.name == file.lastPathComponent }
            #expect(embedded?.text == (try String(contentsOf: file, encoding: .utf8)), "\(file.lastPathComponent)")
        }
    }

    @Test func noSwiftSourceHoldsPython() throws {
        let pattern = try Regex(#"(?m)^\s*(def [a-z_]+\(|import (os|sys|pytest|unittest|json)\b)"#)
        for file in files(under: "Sources", ending: ".swift") {
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(!text.contains(pattern), "Python in \(file.path)")
        }
    }
}
