import FanoutCore
import Foundation

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
        let root = URL(fileURLWithPath: workspace)
        for (relative, attributes) in files(under: workspace, inputs: inputs) {
            let url = root.appendingPathComponent(relative)
            let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
            add(relative)
            if attributes[.type] as? FileAttributeType == .typeSymbolicLink {
                add("-> " + ((try? FileManager.default.destinationOfSymbolicLink(atPath: url.path)) ?? ""))
            } else if size > contentLimit {
                add("\(size) \((attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)")
            } else if let contents = try? Data(contentsOf: url) {
                add(String(contents.count))
                contents.withUnsafeBytes { hasher.update($0) }
            }
        }
        return SHA256.hex(hasher.finalize())
    }

    /// The files and symbolic links under `workspace` (only those in `inputs`, when given): relative paths,
    /// sorted, with their attributes.
    private static func files(under workspace: String, inputs: [String]?) -> [(String, [FileAttributeKey: Any])] {
        guard let walker = FileManager.default.enumerator(atPath: workspace) else { return [] }
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
        var found: [(String, [FileAttributeKey: Any])] = []
        while let relative = walker.nextObject() as? String {
            let attributes = walker.fileAttributes ?? [:]
            let type = attributes[.type] as? FileAttributeType
            let name = (relative as NSString).lastPathComponent
            if type == .typeDirectory {
                if name.hasPrefix(".") && name != ".swiftpm" { walker.skipDescendants() }
            } else if (type == .typeRegular || type == .typeSymbolicLink) && wanted(relative) {
                found.append((relative, attributes))
            }
        }
        return found.sorted { $0.0 < $1.0 }
    }

    /// Whether SwiftPM's record of the workspace names a dependency by a local path.
    private static func dependsOnLocalPackages(_ workspace: String) -> Bool {
        let state = URL(fileURLWithPath: workspace).appendingPathComponent(".build/workspace-state.json")
        guard let data = try? Data(contentsOf: state),
            let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let object = json["object"] as? [String: Any],
            let dependencies = object["dependencies"] as? [[String: Any]]
        else { return false }
        return dependencies.contains { dependency in
            let kind = (dependency["packageRef"] as? [String: Any])?["kind"] as? String
            return kind == "fileSystem" || kind == "localSourceControl"
        }
    }

    /// The `swift` on PATH, resolved, with its size and modification time: a new toolchain is a new build.
    private static func toolchainIdentity(_ environment: [String: String]) -> String? {
        for directory in (environment["PATH"] ?? "").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("swift")
            guard FileManager.default.isExecutableFile(atPath: candidate.path) else { continue }
            let resolved = candidate.resolvingSymlinksInPath().path
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: resolved) else { return nil }
            let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return "\(resolved) \(size) \(modified)"
        }
        return nil
    }
}
