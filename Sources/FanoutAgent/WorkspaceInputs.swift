import FanoutCore
import FanoutPosix
import FoundationEssentials

/// The files of a workspace that a setup step depends on (`inputs = [globs]`), as one hash: a step whose
/// inputs hash as they did after its last success need not run again.
enum WorkspaceInputs {
    /// A hash of the inputs' globs and of every file under the workspace they match: its path and contents.
    /// Hidden directories (`.git`, `.fanout`, `.venv`) are not walked.
    static func hash(_ globs: [String], in workspace: String) -> String {
        let patterns = globs.map { GlobPattern($0) }
        var hasher = SHA256()
        for glob in globs { hasher.update(Array(glob.utf8) + [0]) }
        var matched: [String] = []
        DirectoryWalk.walk(workspace) { entry in
            if entry.status.kind == .directory { return !entry.name.hasPrefix(".") }
            if patterns.contains(where: { $0.matches(entry.relativePath) }) { matched.append(entry.relativePath) }
            return false
        }
        for relative in matched.sorted() {
            hasher.update(Array(relative.utf8) + [0])
            if let contents = FileManager.default.contents(atPath: PathText.join(workspace, relative)) {
                hasher.update(Array(String(contents.count).utf8) + [0])
                contents.withUnsafeBytes { hasher.update($0) }
            }
        }
        return SHA256.hex(hasher.finalize())
    }
}
