#if canImport(Glibc)
    import Glibc
#endif

/// The size of the terminal a descriptor writes to.
public enum TerminalSize {
    /// Columns of the terminal on `descriptor`, or `fallback` when it is not one or does not say.
    public static func columns(_ descriptor: Int32, fallback: Int = 100) -> Int {
        var size = winsize()
        guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return fallback }
        return Int(size.ws_col)
    }
}
