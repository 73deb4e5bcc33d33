// libFuzzer target: the protocol decoders. Any line either decodes or is rejected; what decodes encodes and
// decodes back to the same message; the controller's fast reader of results agrees with JSONDecoder on every line.
import FanoutProtocol

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzProtocol(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let line = Array(UnsafeBufferPointer(start: data, count: size))
    if let message = try? JSONLines.decode(ControllerMessage.self, from: line) {
        let again = try! JSONLines.decode(
            ControllerMessage.self, from: Array(try! JSONLines.encode(message).dropLast()))
        precondition(again == message, "a controller message changed through encode and decode")
    }
    let reference = try? JSONLines.decode(AgentMessage.self, from: line)
    precondition((try? AgentMessage.decode(line: line)) == reference, "the fast reader and JSONDecoder disagree")
    if let message = reference {
        let again = try! JSONLines.decode(AgentMessage.self, from: Array(try! JSONLines.encode(message).dropLast()))
        precondition(again == message, "an agent message changed through encode and decode")
    }
    return 0
}
