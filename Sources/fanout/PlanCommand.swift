import ArgumentParser
import FanoutAdapters
import FanoutConfig
import FanoutController
import FanoutCore
import FanoutPosix
import FanoutProtocol
import Foundation

/// `fanout plan`: static, duration-balanced shard plans for CI matrices, and checking them.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Print a deterministic shard plan (--shards N) or check one against the workspace (--check PLAN).",
        discussion: """
            Each shard of a CI matrix then runs `fanout run --shard I/N --plan PLAN`. Files new since the plan \
            run in the shard their path hashes to. Exit codes: 0 ok, 1 the plan does not fit (--check), 4 usage.
            """)

    @Argument(help: "The directory under test (default: the current directory).")
    var workspace: String = "."

    @Option(help: "Number of shards to plan.") var shards: Int?
    @Option(help: "Plan file to check against the current tests.") var check: String?
    @Option(help: "Write the plan here instead of standard output.") var output: String?
    @Option(help: "Adapter (default: detected).") var adapter: String?
    @Option(help: "Python interpreter (default: python3).") var python: String?
    @Argument(parsing: .postTerminator, help: "Arguments passed to the framework when collecting tests.")
    var frameworkArgs: [String] = []

    func validate() throws {
        if (shards == nil) == (check == nil) {
            throw ValidationError("give exactly one of --shards N and --check PLAN")
        }
        if let shards, shards < 1 { throw ValidationError("--shards must be at least 1, got \(shards)") }
    }

    func run() throws {
        let root = URL(fileURLWithPath: workspace).standardizedFileURL.path
        do {
            let settings = try SettingsLoader.load(workspace: root)
            let framework = try AdapterChoice.resolve(flag: adapter, settings: settings, workspace: root)
            let planning = try ShardPlanning(
                workspace: root,
                adapter: AdapterSpec(
                    name: framework.name, executable: python ?? settings.python ?? "python3",
                    frameworkArgs: settings.args + frameworkArgs, command: settings.command?.spec),
                settings: settings)
            if let shards {
                let plan = try planning.plan(shards: shards)
                let data = try ShardPlanning.encode(plan)
                if let output {
                    try AtomicFile.write(data, to: output)
                } else {
                    StandardStream.output.write([UInt8](data))
                }
                for shard in plan.shards {
                    let tests = shard.items.reduce(0) { $0 + ($1.tests?.count ?? 0) }
                    let files = shard.items.filter { $0.tests == nil }.count
                    StandardStream.error.write(
                        String(
                            format: "shard %d/%d: %.2fs expected, %d files%@\n", shard.index, plan.shards.count,
                            shard.expectedSeconds, files, tests > 0 ? " + \(tests) tests of split files" : ""))
                }
                return
            }
            let plan = try ShardPlanning.load(check!)
            let problems = try planning.check(plan)
            if problems.isEmpty {
                print("\(check!): \(plan.shards.count) shards cover all \(plan.scopes.count) files exactly once")
                return
            }
            for problem in problems { print("\(check!): \(problem)") }
            throw ArgumentParser.ExitCode(1)
        } catch let error as ArgumentParser.ExitCode {
            throw error
        } catch {
            StandardStream.error.write("fanout: error: \(error)\n")
            throw ArgumentParser.ExitCode(4)
        }
    }
}
