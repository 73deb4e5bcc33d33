import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// Turns SIGINT, SIGTERM and SIGHUP (a terminal that went away) into calls on an ordinary thread (a self-pipe: the handler only writes one byte),
/// and ignores SIGPIPE so that a vanished peer is an error on write, not the controller's death.
public enum SignalWatcher {
    nonisolated(unsafe) private static var writeEnd: Int32 = -1

    /// Installs the handlers; `onSignal` runs on a dedicated thread for every signal received.
    public static func install(
        _ signals: [Int32] = [SIGINT, SIGTERM, SIGHUP], onSignal: @escaping @Sendable (Int32) -> Void
    )
        throws
    {
        let pipe = try PipePair()
        writeEnd = pipe.writeEnd
        signal(SIGPIPE, SIG_IGN)
        for number in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { received in
                var byte = UInt8(truncatingIfNeeded: received)
                _ = write(SignalWatcher.writeEnd, &byte, 1)
            }
            action.sa_flags = SA_RESTART
            sigemptyset(&action.sa_mask)
            sigaction(number, &action, nil)
        }
        // A parent may have started us with these signals blocked (a test runner's worker thread does);
        // a handler never runs for a blocked signal, so unblock them for this thread and the ones it starts.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for number in signals { sigaddset(&unblock, number) }
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        let readEnd = pipe.readEnd
        Threads.start("fanout-signals") {
            while let bytes = try? FileDescriptorIO.read(readEnd, capacity: 16), !bytes.isEmpty {
                for byte in bytes { onSignal(Int32(byte)) }
            }
        }
    }
}
