import Foundation
import Testing

/// Swift Testing tests that bring their process down or never end: b_crashes() gets the crash and c_after()
/// runs again; hangs() is stopped by --timeout.
@Suite struct CrashingSuite {
    @Test func a_before() {}
    @Test func b_crashes() { fatalError("deliberate crash in Swift Testing") }
    @Test func c_after() {}
}

@Suite struct HangingSuite {
    @Test func hangs() { Thread.sleep(forTimeInterval: 600) }
}

@Suite struct OutcomeSuite {
    @Test(.disabled("not on this host")) func disabled() {}
    @Test func knownIssue() { withKnownIssue { #expect(Bool(false)) } }
}
