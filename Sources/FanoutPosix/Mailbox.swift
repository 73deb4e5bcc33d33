import Dispatch
import Synchronization

/// A blocking multi-producer queue: reader threads post, one loop takes.
public final class Mailbox<Message: Sendable>: Sendable {
    private let items = Mutex<[Message]>([])
    private let available = DispatchSemaphore(value: 0)

    public init() {}

    public func post(_ message: Message) {
        items.withLock { $0.append(message) }
        available.signal()
    }

    /// Takes the oldest message, waiting up to `timeout` seconds; nil on timeout.
    public func take(timeout: Double? = nil) -> Message? {
        if let timeout {
            guard available.wait(timeout: .now() + timeout) == .success else { return nil }
        } else {
            available.wait()
        }
        return items.withLock { $0.removeFirst() }
    }
}
