import FanoutCore

/// The console on a terminal: the plain console's lines scroll by as usual, with the live status block kept
/// below them, redrawn in place (at most ten times a second, and every tick) and erased before the summary.
public struct LiveConsole: RunReporter {
    private var console: ConsoleReporter
    private let pending: LineBuffer
    private var progress = RunProgress()
    private let block = StatusBlock()
    private let style: ConsoleStyle
    private let write: (String) -> Void
    private let width: () -> Int
    private let clock: () -> Double
    private var drawnLines = 0
    private var drawnAt = -Double.infinity
    private var finished = false

    /// - Parameters:
    ///   - width: the terminal's columns now (it may be resized during the run).
    ///   - clock: seconds, for spacing the redraws.
    public init(
        style: ConsoleStyle, verbosity: ConsoleVerbosity, width: @escaping () -> Int, clock: @escaping () -> Double,
        write: @escaping (String) -> Void
    ) {
        let pending = LineBuffer()
        self.pending = pending
        var console = ConsoleReporter(style: style, verbosity: verbosity) { pending.append($0) }
        console.failureTailLines = 12
        self.console = console
        self.style = style
        self.write = write
        self.width = width
        self.clock = clock
    }

    public mutating func handle(_ event: RunEvent) {
        progress.handle(event)
        console.handle(event)
        let lines = pending.take()
        if case .finished = event { finished = true }
        // From the summary on (and notices after it, such as artifacts brought back) only lines are written.
        guard !finished else {
            if drawnLines > 0 || !lines.isEmpty { write(erase() + lines) }
            drawnLines = 0
            return
        }
        let now = clock()
        var due = now - drawnAt >= 0.1
        if case .tick = event { due = true }
        guard !lines.isEmpty || due else { return }
        let status = block.lines(progress, width: width(), style: style)
        write(erase() + lines + status.map { $0 + "\n" }.joined())
        drawnLines = status.count
        drawnAt = now
    }

    /// Moves back to the block's first line and clears from there to the end of the screen.
    private func erase() -> String {
        drawnLines > 0 ? "\r\u{1B}[\(drawnLines)A\u{1B}[J" : ""
    }
}
