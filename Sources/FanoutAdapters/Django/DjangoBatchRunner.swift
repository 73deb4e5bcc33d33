import FanoutCore
import FanoutPosix
import FoundationEssentials

/// Runs a batch of a Django project through `manage.py test`, or the project's runtests script (see
/// `DjangoScript`), with Fanout's runner (fanout_django_runner.py): Django's settings, test databases and checks as
/// the project has them, one streamed result per test.
public struct DjangoBatchRunner: BatchRunning {
    public var name: String { "django" }

    /// The runner registers faulthandler for SIGUSR1.
    public var dumpsStacksOnSIGUSR1: Bool { true }

    public init() {}

    public func prepare(supportDirectory: String) throws {
        try UnittestBatchRunner().prepare(supportDirectory: supportDirectory)
        try EmbeddedPython.fanoutDjangoRunner.write(into: supportDirectory)
        try EmbeddedPython.fanoutDjangoWarmWorker.write(into: supportDirectory)
        try EmbeddedPython.fanoutDjangoDatabases.write(into: supportDirectory)
    }

    public func command(for batch: Batch, in context: SlotContext) -> BatchCommand {
        let script = DjangoScript.locate(in: context.workspace) ?? .manage
        var environment = Self.environment(
            supportDirectory: context.supportDirectory, workspace: context.workspace,
            base: context.testEnvironment, script: script)
        environment.merge(DjangoWorkerDatabases.environment(context)) { _, new in new }
        let deselected = batch.deselected.values.flatMap { $0 }
        if !deselected.isEmpty, let json = try? JSONEncoder().encode(deselected) {
            environment["FANOUT_DESELECT"] = String(decoding: json, as: UTF8.self)
        }
        let scriptArguments = context.frameworkArgs + Self.labels(batch, script: script)
        return BatchCommand(
            arguments: script.arguments(python: context.executable) + scriptArguments,
            environment: environment, workingDirectory: context.workspace,
            resultDescriptor: PythonRunner.resultDescriptor,
            frameworkArguments: script.warmArguments + scriptArguments)
    }

    /// Drops the run's per-worker test databases on this host, unless the run keeps them.
    public func finishSession(in context: SlotContext) -> String? {
        DjangoWorkerDatabases.drop(context, script: sessionScript(context))
    }

    public var hasPreflight: Bool { true }

    /// Checks that every test database server the settings name accepts the user.
    public func preflight(in context: SlotContext) -> String? {
        DjangoWorkerDatabases.check(context, script: sessionScript(context))
    }

    /// The project's script with the settings and framework arguments of the run and no labels, for the
    /// session's own steps (the database check and drop), which report no results.
    func sessionScript(_ context: SlotContext) -> (arguments: [String], environment: [String: String]) {
        let script = DjangoScript.locate(in: context.workspace) ?? .manage
        var environment = Self.environment(
            supportDirectory: context.supportDirectory, workspace: context.workspace, base: context.testEnvironment,
            script: script)
        environment.merge(DjangoWorkerDatabases.environment(context)) { _, new in new }
        environment["FANOUT_RESULT_FD"] = nil
        // A label that names no test module: Django's runtests.py installs the apps its labels name, and with
        // none it would set up every app of its suite (4 s against 1.4 s) only for the step to connect.
        let label = script.isManage ? [] : ["fanout_session_step"]
        return (script.arguments(python: context.executable) + context.frameworkArgs + label, environment)
    }

    public func warmWorkerCommand(in context: SlotContext) -> BatchCommand? {
        let script = DjangoScript.locate(in: context.workspace) ?? .manage
        return PythonWarmWorker.command(
            EmbeddedPython.fanoutDjangoWarmWorker,
            environment: Self.environment(
                supportDirectory: context.supportDirectory, workspace: context.workspace,
                base: context.testEnvironment, script: script), in: context)
    }

    /// The runner's environment: its support directory importable, the result descriptor and workspace, one
    /// process per batch (Fanout runs batches side by side; runtests scripts would otherwise start their own).
    static func environment(
        supportDirectory: String, workspace: String, base: [String: String], script: DjangoScript = .manage
    ) -> [String: String] {
        var environment = PythonRunner.environment(
            supportDirectory: supportDirectory, workspace: workspace, base: base)
        environment["PYTHONPATH"] = ([supportDirectory] + (base["PYTHONPATH"].map { [$0] } ?? [])).joined(
            separator: ":")
        environment["DJANGO_TEST_PROCESSES"] = "1"
        environment["FANOUT_LABEL_ROOT"] = script.labelRoot
        return environment
    }

    /// Django labels: a whole file as its dotted module, a slice as its dotted test ids.
    static func labels(_ batch: Batch, script: DjangoScript) -> [String] {
        batch.scopes.flatMap { scope in batch.slices[scope] ?? [script.label(ofFile: scope)] }
    }

    static func moduleName(_ path: String) -> String {
        var name = path.hasSuffix(".py") ? String(path.dropLast(3)) : path
        if name.hasSuffix("/__init__") { name = String(name.dropLast(9)) }
        return name.split(separator: "/").joined(separator: ".")
    }

    public func decode(line: [UInt8], batch: Batch) -> AdapterEvent? {
        PluginEvent.decode(line: line)
    }

    public func finish(_ outcome: BatchProcessOutcome) -> BatchFinish {
        PythonBatchFinisher(framework: "Django's test runner", usageExitCode: nil).finish(outcome)
    }
}
