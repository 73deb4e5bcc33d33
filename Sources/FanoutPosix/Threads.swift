import Foundation

/// Starts detached threads for blocking I/O loops.
public enum Threads {
    public static func start(_ name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.name = name
        thread.start()
    }
}
