import FanoutCore
import FanoutProtocol
import Foundation
import Testing

@Suite struct ProtocolTests {
    static let oddID = "tests/test_p.py::test_x[with space-'q'-\"dq\"-$HOME-;|&-\\-é-日本-\n]"

    @Test func agentMessagesRoundTripAsSingleLines() throws {
        let messages: [AgentMessage] = [
            .hello(AgentHello(agentVersion: "0.1.0", hostname: "h", cpuCount: 8, pid: 42)),
            .ready(slot: 2),
            .testStarted(batch: 3, slot: 1, testID: Self.oddID, scope: "tests/test_p.py", at: 1.5),
            .testFinished(
                TestResult(
                    id: Self.oddID, scope: "tests/test_p.py", outcome: .xfailed, duration: 0.25, startedAt: 10,
                    message: "why", details: "trace\nback", stdout: "out", stderr: "err",
                    worker: WorkerID(host: "h-2", slot: 3), batch: 7)),
            .batchDone(
                BatchCompletion(
                    batchID: 3, worker: WorkerID(host: "local", slot: 1), startedAt: 1, wall: 2,
                    exitCode: nil, signal: 11, cancelled: true, usageError: "u")),
            .log(level: .fatal, message: "bye"),
            .heartbeat(at: 3),
        ]
        for message in messages {
            let bytes = try JSONLines.encode(message)
            #expect(bytes.last == UInt8(ascii: "\n"))
            #expect(bytes.dropLast().contains(UInt8(ascii: "\n")) == false)
            #expect(try JSONLines.decode(AgentMessage.self, from: Array(bytes.dropLast())) == message)
        }
    }

    @Test func controllerMessagesRoundTrip() throws {
        let messages: [ControllerMessage] = [
            .hello(
                ControllerHello(
                    runID: "r", host: "local", slots: 2, totalSlots: 6, firstGlobalSlot: 2,
                    workspace: "/w",
                    adapter: AdapterSpec(name: "pytest", executable: "python3", frameworkArgs: ["-k", "a b"]))),
            .batch(slot: 1, batch: Batch(id: 9, scopes: ["a.py", Self.oddID], expectedSeconds: 1.5)),
            .cancel,
            .cancelBatch(slot: 2, batchID: 17),
            .shutdown,
        ]
        for message in messages {
            let bytes = try JSONLines.encode(message)
            #expect(try JSONLines.decode(ControllerMessage.self, from: Array(bytes.dropLast())) == message)
        }
    }

    @Test func aHelloCarriesTheSetupCommandsAndOneWithoutThemStillDecodes() throws {
        var hello = ControllerHello(
            runID: "r", host: "h1", slots: 2, totalSlots: 4, firstGlobalSlot: 3, workspace: "/w",
            adapter: AdapterSpec(name: "pytest", executable: "python3", frameworkArgs: []))
        hello.hostSetup = [HostSetupCommand(run: ["pip", "install", "."], inputs: ["pyproject.toml"])]
        hello.workerSetup = [WorkerSetupCommand(run: ["createdb", "t"], teardown: ["dropdb", "t"])]
        let decoded = try JSONDecoder().decode(ControllerHello.self, from: JSONEncoder().encode(hello))
        #expect(decoded == hello)
        var plain = hello
        (plain.hostSetup, plain.workerSetup) = ([], [])
        var object = try #require(
            JSONSerialization.jsonObject(with: JSONEncoder().encode(hello)) as? [String: Any])
        object["hostSetup"] = nil
        object["workerSetup"] = nil
        let older = try JSONSerialization.data(withJSONObject: object)
        #expect(try JSONDecoder().decode(ControllerHello.self, from: older) == plain)
    }

    @Test func workerIDsWithDashesInTheHostParse() {
        #expect(WorkerID(parsing: "build-box-1-s12") == WorkerID(host: "build-box-1", slot: 12))
        #expect(WorkerID(parsing: "nohost") == nil)
        #expect(WorkerID(parsing: "h-s0") == nil)
    }

    @Test func unknownMessageTypeIsAnError() {
        #expect(throws: (any Error).self) {
            try JSONLines.decode(AgentMessage.self, from: Array(#"{"type":"bogus"}"#.utf8))
        }
    }

    @Test func anAdapterSpecWithoutTmpfsKeepsTheSlotsTemporaryDirectoriesInMemoryAndFalseTravels() throws {
        let old = #"{"name":"pytest","executable":"python3","frameworkArgs":[]}"#
        #expect(try JSONDecoder().decode(AdapterSpec.self, from: Data(old.utf8)).tmpfs)
        var spec = AdapterSpec(name: "pytest", executable: "python3", frameworkArgs: [])
        spec.tmpfs = false
        #expect(try JSONDecoder().decode(AdapterSpec.self, from: JSONEncoder().encode(spec)).tmpfs == false)
    }
}
