import Testing

@testable import FanoutCore

/// What `--retries` holds back, and how held tests go back to the queue.
@Suite struct RetryBookTests {
    func failed(_ id: String, ended: Bool = false, slot: Int = 1) -> TestResult {
        var result = TestResult(
            id: id, scope: "a.py", outcome: .failed, duration: 1, worker: WorkerID(host: "h", slot: slot), batch: 1)
        result.endedItsProcess = ended ? true : nil
        return result
    }

    @Test func aFailureIsHeldUntilItsAttemptsRunOut() {
        var book = RetryBook(retries: 2)
        let firstRetry = book.hold(failed("a.py::t"), batch: 1)
        #expect(firstRetry == 2)
        let heldTests = book.takeHeld(batch: 1).map(\.id)
        #expect(heldTests == ["a.py::t"])
        let secondRetry = book.hold(failed("a.py::t"), batch: 2)
        #expect(secondRetry == 3)
        let noThirdRetry = book.hold(failed("a.py::t"), batch: 3)
        #expect(noThirdRetry == nil)
        let final = book.final(failed("a.py::t"))
        #expect(final.previousAttempts?.count == 2)
        #expect(book.attempts.isEmpty)
    }

    @Test func passesFileErrorsAndNoRetriesAreNeverHeld() {
        var book = RetryBook(retries: 1)
        var passed = failed("a.py::t")
        passed.outcome = .passed
        let heldPass = book.hold(passed, batch: 1)
        #expect(heldPass == nil)
        var fileError = failed("a.py")
        fileError.outcome = .error
        let heldFileError = book.hold(fileError, batch: 1)
        #expect(heldFileError == nil)
        var none = RetryBook(retries: 0)
        let heldWithoutRetries = none.hold(failed("a.py::t"), batch: 1)
        #expect(heldWithoutRetries == nil)
    }

    @Test func whatIsStillHeldWhenTheRunEndsBecomesItsLastAttempt() {
        var book = RetryBook(retries: 3)
        _ = book.hold(failed("a.py::x", slot: 1), batch: 2)
        _ = book.takeHeld(batch: 2)
        _ = book.hold(failed("a.py::x", slot: 2), batch: 5)
        _ = book.hold(failed("a.py::y"), batch: 4)
        #expect(book.waitingByScope == ["a.py": ["a.py::x", "a.py::y"]])
        let stillHeld = book.takeAllHeld().map(\.id)
        #expect(stillHeld == ["a.py::y", "a.py::x"])
        let last = book.release("a.py::x")
        #expect(last?.worker?.slot == 2)
        #expect(last?.previousAttempts?.map(\.worker?.slot) == [1])
        let releasedTwice = book.release("a.py::x")
        #expect(releasedTwice == nil)
        #expect(book.release("a.py::y")?.previousAttempts == nil)
    }

    @Test func aTestThatEndedItsProcessRunsAgainAloneOthersTogetherAwayFromTheirSlot() {
        let units = RetryBook.units(runningAgain: [
            failed("a.py::crash", ended: true, slot: 2), failed("a.py::x", slot: 1), failed("a.py::y", slot: 3),
        ])
        #expect(units.map(\.tests) == [["a.py::crash"], ["a.py::x", "a.py::y"]])
        #expect(units.map(\.runsAlone) == [true, false])
        #expect(units.map(\.avoid?.slot) == [2, 3])
    }
}
