import FanoutCore
import FanoutPosix
import FoundationEssentials

/// A hash of what a Swift package's build reads from its directory: the files under `inputs` (the manifests,
/// Package.resolved, `.swiftpm` and each target's directory), or when those are not known every file but those
/// under hidden directories (`.build`, `.git`, `.fanout`), plus the build arguments and the toolchain: each
/// file's path and contents. Equal hashes mean an equal build. Files over 1 MiB (test data, not sources) count
/// by size and modification time, so a large data set costs no reading.
enum SwiftSourceHash {
    static let contentLimit = 1 << 20

    /// Nil when a hash cannot vouch for the build: the package depends on a package elsewhere on this disk
    /// (`.package(path:)`), whose sources it does not cover, or the toolchain is not on PATH.
    static func compute(workspace: String, inputs: [String]?, swiftArgs: [String], environment: [String: String])
        -> String?
    {
        guard !dependsOnLocalPackages(workspace), let toolchain = toolchainIdentity(environment) else { return nil }
        var hasher = SHA256()
        func add(_ text: String) { hasher.update(Array(text.utf8) + [0]) }
        add(toolchain)
        swiftArgs.forEach(add)
        for (relative, status) in files(under: workspace, inputs: inputs) {
            let path = workspace + "/" + relative
            add(relative)
            if status.kind == .symbolicLink {
                add("-> " + ((try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? ""))
            } else if status.size > contentLimit {
                add("\(status.size) \(status.modified)")
            } else if let contents = FileManager.default.contents(atPath: path) {
                add(String(contents.count))
                contents.withUnsafeBytes { hasher.update($0) }
            }
        }
        return SHA256.hex(hasher.finalize())
    }

    /// The files and symbolic links under `workspace` (only those in `inputs`, when given): relative paths,
    /// sorted, with their status.
    private static func files(under workspace: String, inputs: [String]?) -> [(String, FileStatus)] {
        let inputs = inputs.map { Set($0.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }) }
        func wanted(_ relative: String) -> Bool {
            guard let inputs else { return true }
            var path = relative
            while true {
                if inputs.contains(path) { return true }
                guard let slash = path.lastIndex(of: "/") else { return false }
                path = String(path[..<slash])
            }
        }
        var found: [(String, FileStatus)] = []
        DirectoryWalk.walk(workspace) { entry in
            switch entry.status.kind {
            case .directory:
                return !entry.name.hasPrefix(".") || entry.name == ".swiftpm"
            case .regular, .symbolicLink:
                if wanted(entry.relativePath) { found.append((entry.relativePath, entry.status)) }
            case .other:
                break
            }
            return false
        }
        return found.sorted { $0.0 < $1.0 }
    }

    /// Whether SwiftPM's record of the workspace names a dependency by a local path.
    private static func dependsOnLocalPackages(_ workspace: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: workspace + "/.build/workspace-state.json"),
            let state = try? JSONDecoder().decode(WorkspaceState.self, from: data)
        else { return false }
        return state.object.dependencies.contains { dependency in
            let kind = dependency.packageRef?.kind
            return kind == "fileSystem" || kind == "localSourceControl"
        }
    }

    /// The part of SwiftPM's `.build/workspace-state.json` that tells how each dependency is referenced.
    private struct WorkspaceState: Decodable {
        struct Object: Decodable { var dependencies: [Dependency] }
        struct Dependency: Decodable { var packageRef: Reference? }
        struct Reference: Decodable { var kind: String? }
        var object: Object
    }

    /// The `swift` on PATH, resolved, with its size and modification time: a new toolchain is a new build.
    private static func toolchainIdentity(_ environment: [String: String]) -> String? {
        for directory in (environment["PATH"] ?? "").split(separator: ":") {
            let candidate = String(directory) + "/swift"
            guard FileManager.default.isExecutableFile(atPath: candidate) else { continue }
            let resolved = URL(fileURLWithPath: candidate).resolvingSymlinksInPath().path
            guard let status = FileStatus.of(resolved) else { return nil }
            return "\(resolved) \(status.size) \(status.modified)"
        }
        return nil
    }
}
