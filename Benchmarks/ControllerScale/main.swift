import FanoutCore
import FanoutProtocol
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

// The controller's side of a huge run, in one process: AGENTS agents of SLOTS slots each join, and TESTS tests
// (ten per file) go through the real RunCoordinator (queue, ledger, merge), with every batch and every result
// encoded and decoded as the protocol's JSON lines, as they would cross the pipes. Virtual time: each test takes
// 10 ms, so what is measured is the controller's own CPU, not waiting.
//
//     fanout-controller-scale [AGENTS] [SLOTS] [TESTS]     (default 1000 8 1000000)
//
// Prints one JSON object: the controller's CPU seconds (the agents' encoding of results and decoding of batches,
// timed apart, taken out), CPU microseconds per test, peak memory (MiB), batches per CPU second.

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let agents = arguments.count > 0 ? arguments[0] : 1000
let slotsPerAgent = arguments.count > 1 ? arguments[1] : 8
let testCount = arguments.count > 2 ? arguments[2] : 1_000_000
let testsPerFile = 10
let files = (testCount + testsPerFile - 1) / testsPerFile
let testSeconds = 0.01

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec)
        + Double(usage.ru_stime.tv_usec) / 1e6
}

let scopes = (0..<files).map { index in
    WeightedScope(id: "tests/test_\(index).py", expectedSeconds: Double(testsPerFile) * testSeconds, isKnown: true)
}
let started = cpuSeconds()
var coordinator = RunCoordinator(
    runID: "scale", adapter: "pytest", workspace: "/scale", scopes: scopes,
    policy: BatchPolicy(
        slotCount: agents * slotsPerAgent, perBatchOverhead: 0.02,
        totalSeconds: Double(testCount) * testSeconds),
    startedAt: 0, expectedHosts: agents)
var pending = coordinator.start(now: 0)
for agent in 0..<agents {
    pending += coordinator.handle(.agentJoined(host: "h\(agent)", slots: slotsPerAgent), now: 0)
    for slot in 1...slotsPerAgent {
        pending += coordinator.handle(.slotReady(WorkerID(host: "h\(agent)", slot: slot)), now: 0)
    }
}
/// Batches running, soonest end first.
var running = DeadlineHeap<(batch: Batch, worker: WorkerID, start: Double)>()
var batches = 0
var now = 0.0
var report: RunReport?
/// CPU seconds spent on the agents' side of the wire (encoding results, decoding batches), which the
/// controller does not pay; they are taken out of its figures.
var agentSideCPU = 0.0

func threadCPU() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// `message` as it arrives after crossing the wire: encoded by its sender, decoded by its receiver.
/// `controllerSends`: the controller encodes (a batch) and the agent decodes; else the other way round.
@MainActor func overTheWire<Message: Codable>(_ message: Message, controllerSends: Bool) -> Message {
    let before = threadCPU()
    let line = Array(try! JSONLines.encode(message).dropLast())
    let encoded = threadCPU()
    let decoded = try! JSONLines.decode(Message.self, from: line)
    agentSideCPU += controllerSends ? threadCPU() - encoded : encoded - before
    return decoded
}

/// An agent's message as the controller reads it (`AgentMessage.decode(line:)`, as AgentStreamReader does).
@MainActor func fromAgent(_ message: AgentMessage) -> AgentMessage {
    let before = threadCPU()
    let line = Array(try! JSONLines.encode(message).dropLast())
    agentSideCPU += threadCPU() - before
    return try! AgentMessage.decode(line: line)
}
while report == nil {
    for action in pending {
        switch action {
        case .run(let batch, let worker):
            let sent = overTheWire(ControllerMessage.batch(slot: worker.slot, batch: batch), controllerSends: true)
            guard case .batch(_, let received) = sent else { fatalError("batch lost in encoding") }
            let work = Double(received.scopes.count * testsPerFile) * testSeconds
            running.push((received, worker, now), at: now + 0.02 + work)
            batches += 1
        case .finish(let final):
            report = final
        default:
            break
        }
    }
    pending = []
    if report != nil { break }
    guard let (end, done) = running.removeFirst() else { break }
    now = end
    for scope in done.batch.scopes {
        for number in 0..<testsPerFile {
            let result = TestResult(
                id: "\(scope)::test_\(number)", scope: scope, outcome: .passed, duration: testSeconds,
                worker: done.worker, batch: done.batch.id)
            guard
                case .testFinished(let decoded) = fromAgent(.testFinished(result))
            else { continue }
            pending += coordinator.handle(.testFinished(decoded), now: now)
        }
    }
    let completion = BatchCompletion(
        batchID: done.batch.id, worker: done.worker, startedAt: done.start, wall: now - done.start)
    guard case .batchDone(let decoded) = fromAgent(.batchDone(completion)) else {
        fatalError()
    }
    pending += coordinator.handle(.batchDone(decoded), now: now)
    pending += coordinator.handle(.slotReady(done.worker), now: now)
}
let cpu = cpuSeconds() - started - agentSideCPU
var usage = rusage()
getrusage(RUSAGE_SELF.rawValue, &usage)
let summary: [String: Any] = [
    "agents": agents, "slotsPerAgent": slotsPerAgent, "tests": report?.tests.count ?? 0, "batches": batches,
    "cpuSeconds": cpu, "cpuMicrosecondsPerTest": cpu / Double(max(1, testCount)) * 1e6,
    "peakMemoryMiB": Double(usage.ru_maxrss) / 1024, "batchesPerCPUSecond": Double(batches) / max(cpu, 1e-9),
    "virtualMakespan": report?.duration ?? 0, "agentSideCPUSeconds": agentSideCPU,
]
print(String(decoding: try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys]), as: UTF8.self))
