import FanoutCore
import FanoutProtocol
import Testing

/// The agent's side of the protocol: hello first, then batches, cancels and the shutdown; every way it ends.
@Suite struct AgentConversationTests {
    static let hello = ControllerHello(
        runID: "r", host: "h", slots: 2, totalSlots: 2, firstGlobalSlot: 0, workspace: "/w",
        adapter: AdapterSpec(name: "pytest", executable: "python3", frameworkArgs: []))
    static let batch = Batch(id: 1, scopes: ["a.py"], expectedSeconds: 1)

    @Test func aHelloStartsTheSessionAndBatchesRunInIt() {
        var conversation = AgentConversation()
        #expect(conversation.state == .awaitingHello)
        #expect(conversation.handle(.received(.heartbeat)).isEmpty)
        #expect(conversation.handle(.received(.hello(Self.hello))) == [.startSession(Self.hello)])
        #expect(conversation.state == .running)
        #expect(conversation.handle(.received(.batch(slot: 2, batch: Self.batch))) == [.run(Self.batch, slot: 2)])
        #expect(conversation.handle(.received(.cancelBatch(slot: 2, batchID: 1))) == [.cancel(batchID: 1, slot: 2)])
        #expect(conversation.handle(.received(.cancel)) == [.cancelAll])
        #expect(conversation.handle(.received(.shutdown)) == [.finish])
        #expect(conversation.state == .ended)
        #expect(conversation.handle(.received(.batch(slot: 1, batch: Self.batch))).isEmpty)
    }

    @Test func aBatchBeforeHelloIsFatal() {
        var conversation = AgentConversation()
        #expect(
            conversation.handle(.received(.batch(slot: 1, batch: Self.batch))) == [
                .log(.fatal, "received a batch before hello"), .exit(code: 3),
            ])
        #expect(conversation.state == .ended)
    }

    @Test func aSecondHelloIsIgnoredWithAWarning() {
        var conversation = AgentConversation()
        _ = conversation.handle(.received(.hello(Self.hello)))
        let actions = conversation.handle(.received(.hello(Self.hello)))
        guard case .log(.warning, let text)? = actions.first, actions.count == 1 else {
            Issue.record("expected one warning, got \(actions)")
            return
        }
        #expect(text.contains("second hello"))
        #expect(conversation.state == .running)
    }

    @Test func theEndOfInputEndsTheAgentInEveryState() {
        for prelude in [[], [ControllerMessage.hello(Self.hello)]] {
            var conversation = AgentConversation()
            for message in prelude { _ = conversation.handle(.received(message)) }
            #expect(conversation.handle(.inputEnded) == [.exit(code: 0)])
            #expect(conversation.handle(.inputEnded).isEmpty)
        }
    }

    @Test func aSessionThatCannotStartIsFatalWithItsReason() {
        var conversation = AgentConversation()
        _ = conversation.handle(.received(.hello(Self.hello)))
        #expect(
            conversation.handle(.sessionFailed("workspace /w does not exist")) == [
                .log(.fatal, "workspace /w does not exist"), .exit(code: 3),
            ])
        #expect(conversation.state == .ended)
    }

    @Test func unreadableAndOversizedLinesAreWarnedAboutAndSkipped() {
        var conversation = AgentConversation()
        #expect(
            conversation.handle(.unreadable(reason: "bad json")) == [
                .log(.warning, "ignored a message the agent could not read: bad json")
            ])
        #expect(conversation.handle(.oversized) == [.log(.warning, "ignored a message over the size limit")])
        #expect(conversation.state == .awaitingHello)
        #expect(conversation.handle(.received(.shutdown)) == [.finish])
    }
}
