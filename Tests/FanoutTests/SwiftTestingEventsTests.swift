import FanoutCore
import Foundation
import Testing

@testable import FanoutAdapters

/// Reading Swift Testing's event stream, and the filters that pick a batch's Swift tests.
@Suite struct SwiftTestingEventsTests {
    func event(_ kind: String, _ testID: String, _ extra: String = "") -> [UInt8] {
        Array(
            (#"{"kind":"event","payload":{"instant":{"absolute":1.5,"since1970":1795351957.25},"kind":""#
                + kind + #"","testID":""# + testID + "\"" + extra + #"},"version":0}"#).utf8)
    }

    @Test func aTestStartsAndEndsUnderTheIdSwiftTestListPrints() {
        let id = #"ArithTests.AdditionSuite\/adds()\/SwiftTestingCases.swift:6:6"#
        #expect(
            SwiftTestingEvents.decode(event("testStarted", id))
                == .started(
                    testID: "ArithTests.AdditionSuite/adds()", scope: "ArithTests.AdditionSuite", at: 1795351957.25))
        let ended = event(
            "testEnded", id,
            #","messages":[{"symbol":"fail","text":"Test adds() failed after 0.125 seconds with 1 issue."}]"#)
        #expect(
            SwiftTestingEvents.decode(ended)
                == .finished(
                    TestResult(
                        id: "ArithTests.AdditionSuite/adds()", scope: "ArithTests.AdditionSuite", outcome: .failed,
                        duration: 0.125)))
    }

    @Test func aFreeFunctionIsItsOwnScopeAndSuitesAreLeftOut() {
        #expect(
            SwiftTestingEvents.decode(event("testStarted", #"ArithTests.freeStanding()\/File.swift:11:2"#))
                == .started(testID: "ArithTests.freeStanding()", scope: "ArithTests.freeStanding()", at: 1795351957.25))
        #expect(SwiftTestingEvents.decode(event("testStarted", "ArithTests.AdditionSuite")) == nil)
        #expect(SwiftTestingEvents.testID("ArithTests.Outer/Inner") == nil)
        #expect(
            SwiftTestingEvents.testID("ArithTests.Outer/Inner/test(a:b:)/T.swift:3:4")
                == "ArithTests.Outer/Inner/test(a:b:)")
    }

    @Test func issuesBecomeNotesUnlessKnownAndSkipsKeepTheirReason() {
        let issue =
            #","messages":[{"symbol":"fail","text":"Expectation failed: 1 == 2"}],"issue":{"isKnown":false,"sourceLocation":{"fileID":"Arith/T.swift","line":7,"column":3}}"#
        #expect(
            SwiftTestingEvents.decode(event("issueRecorded", #"M.S\/t()\/T.swift:7:6"#, issue))
                == .note(testID: "M.S/t()", text: "Expectation failed: 1 == 2 (Arith/T.swift:7)"))
        let known = issue.replacingOccurrences(of: #""isKnown":false"#, with: #""isKnown":true"#)
        #expect(SwiftTestingEvents.decode(event("issueRecorded", #"M.S\/t()\/T.swift:7:6"#, known)) == nil)
        let skipped = #","messages":[{"symbol":"skip","text":"Test t() skipped: \"not here\""}]"#
        #expect(
            SwiftTestingEvents.decode(event("testSkipped", #"M.S\/t()\/T.swift:7:6"#, skipped))
                == .finished(
                    TestResult(
                        id: "M.S/t()", scope: "M.S", outcome: .skipped, duration: 0,
                        message: #"Test t() skipped: "not here""#)))
    }

    /// The record and its newline are separate writes: console output can land between them.
    @Test func aConsoleLineGluedToARecordIsIgnoredAndGarbageIsNotAnEvent() {
        let glued =
            event("testStarted", #"M.S\/t()\/T.swift:7:6"#) + Array("✘ Test t() recorded an issue {at} \"x\"".utf8)
        #expect(SwiftTestingEvents.decode(glued) == .started(testID: "M.S/t()", scope: "M.S", at: 1795351957.25))
        let braces = event(
            "testStarted", #"M.S\/t(a:)\/T.swift:7:6"#, #","messages":[{"symbol":"default","text":"}{ \" \\"}]"#)
        #expect(SwiftTestingEvents.decode(braces) == .started(testID: "M.S/t(a:)", scope: "M.S", at: 1795351957.25))
        #expect(SwiftTestingEvents.decode(Array(#"{"kind":"event","payload":{"kind":"#.utf8)) == nil)
        #expect(SwiftTestingEvents.decode(Array("Test Case 'A.test' started".utf8)) == nil)
        #expect(
            SwiftTestingEvents.decode(Array(#"{"kind":"test","payload":{"kind":"function","id":"M.S\/t()"}}"#.utf8))
                == nil)
    }
}
