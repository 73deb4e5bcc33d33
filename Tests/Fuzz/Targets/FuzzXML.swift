// libFuzzer target: the XML reader behind JUnit reports (the command adapter reads files a user's tool wrote).
// Any input parses or fails with an error; never a crash, whatever its nesting or entities.
import FanoutCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXML(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let root = try? MiniXMLParser.parse(bytes) {
        _ = JUnitCase.cases(in: root)
    }
    return 0
}
