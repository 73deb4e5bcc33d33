import FanoutCore
import FanoutPosix

/// Reads a descriptor to its end on a thread of its own, keeping only a bounded tail, so a chatty child can
/// never block on a full pipe while its parent waits for something else.
public enum OutputDrain {
    public static func start(_ descriptor: Int32, capacity: Int = 8192, name: String = "fanout-drain") -> Locked<
        OutputTail
    > {
        let tail = Locked(OutputTail(capacity: capacity))
        Threads.start(name) {
            while let chunk = try? FileDescriptorIO.read(descriptor), !chunk.isEmpty {
                tail.withLock { $0.append(chunk) }
            }
            FileDescriptorIO.close(descriptor)
        }
        return tail
    }
}
