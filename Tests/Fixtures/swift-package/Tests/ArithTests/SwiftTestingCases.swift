import Testing

@testable import Arith

@Suite struct AdditionSuite {
    @Test func adds() { #expect(add(2, 2) == 4) }
    @Test func fails() { #expect(add(2, 2) == 5) }
    @Test(arguments: [1, 2, 3]) func positive(value: Int) { #expect(add(value, 0) > 0) }
}

@Test func freeStanding() { #expect(add(0, 0) == 0) }
