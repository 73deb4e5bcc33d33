import XCTest

@testable import Arith

final class AdditionTests: XCTestCase {
    func testAdds() { XCTAssertEqual(add(1, 1), 2) }
    func testFails() { XCTAssertEqual(add(1, 1), 3) }
    func testSkips() throws { throw XCTSkip("not on this host") }
}

final class OutputTests: XCTestCase {
    func testPrints() {
        print("hello from XCTest")
        XCTAssertTrue(true)
    }
}

final class CrashTests: XCTestCase {
    func testCrashes() { fatalError("deliberate crash") }
}

final class HangTests: XCTestCase {
    func testHangs() { Thread.sleep(forTimeInterval: 600) }
}
