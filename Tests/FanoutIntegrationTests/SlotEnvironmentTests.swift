import FanoutCore
import Foundation
import Testing

/// What every slot gives its tests: a private TMPDIR on the RAM file system (or on disk with `tmpfs = false`),
/// gone after the run, and numeric thread pools sized to the slot unless the user sized them.
@Suite struct SlotEnvironmentTests {
    struct Record: Decodable {
        var worker: String
        var tmpdir: String
        var scratch: String
        var threads: [String: String?]
    }

    func records(_ suite: String) throws -> [Record] {
        let text = try String(contentsOfFile: suite + "/.environment.log", encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONDecoder().decode(Record.self, from: Data($0.utf8)) }
    }

    var memoryFileSystem: Bool {
        (try? Harness.run("/usr/bin/stat", ["-f", "-c", "%T", "/dev/shm"]).stdout) == "tmpfs\n"
    }

    @Test func eachSlotHasAPrivateTemporaryDirectoryInMemoryThatIsGoneAfterTheRun() throws {
        let suite = try Harness.copyOfSuite("Tests/Fixtures/slot-environment")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let run = try Harness.fanout(["run", suite, "-n", "2", "--max-batch-files", "1"])
        #expect(run.exitCode == 0, "\(run.stdout)\(run.stderr)")
        let seen = try records(suite)
        #expect(seen.count == 4)
        let byWorker = Dictionary(grouping: seen, by: \.worker).mapValues { Set($0.map(\.tmpdir)) }
        #expect(byWorker.values.allSatisfy { $0.count == 1 }, "one TMPDIR per slot: \(byWorker)")
        #expect(Set(byWorker.values.flatMap { $0 }).count == byWorker.count, "no two slots share one")
        #expect(seen.allSatisfy { $0.scratch.hasPrefix($0.tmpdir + "/") }, "tempfile writes into the slot's")
        if memoryFileSystem {
            #expect(seen.allSatisfy { $0.tmpdir.hasPrefix("/dev/shm/fanout-agent-") }, "\(seen.map(\.tmpdir))")
            // Room below AF_UNIX's 107 bytes for the sockets tests bind in their temporary directories.
            #expect(seen.allSatisfy { $0.tmpdir.utf8.count <= 45 }, "\(seen.map(\.tmpdir))")
        }
        for record in seen {
            #expect(!FileManager.default.fileExists(atPath: record.tmpdir), "\(record.tmpdir) is left behind")
        }

        try "tmpfs = false\n".write(toFile: suite + "/fanout.toml", atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: suite + "/.environment.log")
        let onDisk = try Harness.fanout(["run", suite, "-n", "2"])
        #expect(onDisk.exitCode == 0, "\(onDisk.stdout)\(onDisk.stderr)")
        #expect(try records(suite).allSatisfy { !$0.tmpdir.hasPrefix("/dev/shm/") })
    }

    @Test func threadPoolsGetTheSlotsShareOfTheCPUsUnlessTheUserSetThem() throws {
        let suite = try Harness.copyOfSuite("Tests/Fixtures/slot-environment")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let cpus = ProcessInfo.processInfo.activeProcessorCount
        let run = try Harness.fanout(["run", suite, "-n", "2", "--env", "MKL_NUM_THREADS=7"])
        #expect(run.exitCode == 0, "\(run.stdout)\(run.stderr)")
        let share = String(max(1, cpus / 2))
        for record in try records(suite) {
            #expect(record.threads["OMP_NUM_THREADS"] == share && record.threads["OPENBLAS_NUM_THREADS"] == share)
            #expect(record.threads["NUMEXPR_NUM_THREADS"] == share && record.threads["VECLIB_MAXIMUM_THREADS"] == share)
            #expect(record.threads["MKL_NUM_THREADS"] == "7", "the user's own setting stays")
        }
    }
}
