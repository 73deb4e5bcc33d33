import Foundation

/// Throwaway workspaces for discovery tests.
enum TemporaryWorkspace {
    /// A new directory under the temporary directory holding `files` (relative path: contents).
    static func make(_ files: [String: String], prefix: String = "fanout-workspace") throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID())").path
        for (path, text) in files {
            let full = (root as NSString).appendingPathComponent(path)
            try FileManager.default.createDirectory(
                atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
        }
        return root
    }
}
