import FanoutPosix
import FanoutProtocol
import Synchronization

/// Writes protocol messages to the controller, one whole line at a time, from any thread.
final class MessageWriter: Sendable {
    private let descriptor: Int32
    private let lock = Mutex<Bool>(true)
    private let onBrokenConnection: @Sendable () -> Void

    init(descriptor: Int32, onBrokenConnection: @escaping @Sendable () -> Void) {
        self.descriptor = descriptor
        self.onBrokenConnection = onBrokenConnection
    }

    func send(_ message: AgentMessage) {
        guard let bytes = try? JSONLines.encode(message) else { return }
        let ok = lock.withLock { connected -> Bool in
            guard connected else { return false }
            do {
                try FileDescriptorIO.writeAll(descriptor, bytes)
                return true
            } catch {
                connected = false
                return false
            }
        }
        if !ok { onBrokenConnection() }
    }
}
