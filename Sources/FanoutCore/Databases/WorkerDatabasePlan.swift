/// What one host does with `[database]`: the template it builds (or the user's database it copies), each
/// slot's clone, the steps that make and drop them, and the variables each slot's tests see.
public struct WorkerDatabasePlan: Sendable, Equatable {
    public let spec: WorkerDatabaseSpec
    public let url: DatabaseURL
    public let host: String
    public let slots: Int
    /// SQLite files live under the workspace's `.fanout/databases/`, which the sync neither sends nor deletes.
    public let workspace: String

    public init(spec: WorkerDatabaseSpec, host: String, slots: Int, workspace: String) throws(DatabaseURLError) {
        self.spec = spec
        self.url = try DatabaseURL(parsing: spec.url)
        self.host = host
        self.slots = max(1, slots)
        self.workspace = workspace
    }

    /// Whether Fanout builds the template with the user's command, rather than copying the URL's database.
    public var buildsTemplate: Bool { !spec.template.isEmpty }

    public var databaseDirectory: String { workspace + "/.fanout/databases" }

    /// The template's name (SQLite: absolute path).
    public var template: String {
        guard buildsTemplate else { return url.engine == .sqlite ? absolute(url.name) : url.name }
        return located(WorkerDatabaseNames.template(base: base, host: host))
    }

    /// `slot`'s clone's name (SQLite: absolute path).
    public func clone(slot: Int) -> String {
        located(WorkerDatabaseNames.clone(base: base, host: host, slot: slot))
    }

    public var clones: [String] { (1...slots).map(clone(slot:)) }

    /// What Fanout made and drops at the end: the clones, and the template when it built one. Never the
    /// user's own database.
    public var made: [String] { clones + (buildsTemplate ? [template] : []) }

    public var templateURL: DatabaseURL { url.with(name: template) }

    /// The variables `slot`'s tests (and worker setup) see.
    public func environment(slot: Int) -> [String: String] {
        let clone = clone(slot: slot)
        return [spec.variable: url.with(name: clone).text, "FANOUT_DATABASE": clone]
    }

    /// From nothing (or leftovers of a run that died) to a clone per slot.
    public var setUpSteps: [WorkerDatabaseStep] {
        var steps: [WorkerDatabaseStep] = [.checkServer, .drop(made)]
        if buildsTemplate { steps += [.createEmpty(template), .buildTemplate(templateURL)] }
        return steps + [.clone(template: template, clones: clones)]
    }

    public var tearDownSteps: [WorkerDatabaseStep] { [.drop(made)] }

    /// With `--keep-db`: the last run's databases serve again when they were made from the same template
    /// inputs (`stamp`) and all of them are still there.
    public func canReuse(recordedStamp: String?, stamp: String, existing: Set<String>) -> Bool {
        recordedStamp == stamp && Set(made).isSubset(of: existing)
    }

    private var base: String {
        guard url.engine == .sqlite else { return url.name }
        let file = url.name.split(separator: "/").last.map(String.init) ?? url.name
        return file.split(separator: ".").first.map(String.init) ?? file
    }

    private var sqliteExtension: String {
        let file = url.name.split(separator: "/").last.map(String.init) ?? url.name
        guard let dot = file.lastIndex(of: "."), dot != file.startIndex else { return ".sqlite3" }
        return String(file[dot...])
    }

    private func located(_ identifier: String) -> String {
        url.engine == .sqlite ? databaseDirectory + "/" + identifier + sqliteExtension : identifier
    }

    private func absolute(_ path: String) -> String { path.hasPrefix("/") ? path : workspace + "/" + path }
}
