import FanoutCore
import FoundationEssentials

extension WorkerDatabaseSteps {
    /// SQLite's steps: a database is a file (with its journal), a clone a copy of the template's file.
    func performOnFiles(_ step: WorkerDatabaseStep) throws {
        let files = FileManager.default
        switch step {
        case .checkServer:
            try? files.createDirectory(atPath: plan.databaseDirectory, withIntermediateDirectories: true)
            guard plan.buildsTemplate || files.fileExists(atPath: plan.template) else {
                throw AgentError(
                    "the [database] SQLite file \(plan.template) does not exist on \(plan.host): create it before "
                        + "the run, or give [database] a `template` command that builds it")
            }
        case .drop(let paths):
            for path in paths {
                for companion in ["", "-journal", "-wal", "-shm"] { try? files.removeItem(atPath: path + companion) }
            }
        case .createEmpty:
            break
        case .buildTemplate(let url):
            try buildTemplate(url)
            guard files.fileExists(atPath: plan.template) else {
                throw AgentError(
                    "[database] template `\(plan.spec.template.joined(separator: " "))` ran on \(plan.host) but made no "
                        + "file at \(plan.template): it should build the database that $\(plan.spec.variable) names")
            }
        case .clone(let template, let clones):
            for clone in clones {
                do {
                    try? files.removeItem(atPath: clone)
                    try files.copyItem(atPath: template, toPath: clone)
                } catch {
                    throw AgentError("copying \(template) to \(clone) on \(plan.host) failed: \(error)")
                }
            }
        }
    }
}
