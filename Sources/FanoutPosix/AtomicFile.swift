import FanoutCore
import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// Writes files so that a reader never sees half of one: write a temporary sibling, then rename. A failure (a
/// full disk, a read-only directory) leaves the old file as it was and no temporary behind, and says why in
/// the system's words, naming the path.
public enum AtomicFile {
    public static func write(_ data: Data, to path: String) throws {
        try write([UInt8](data), to: path)
    }

    public static func write(_ bytes: [UInt8], to path: String) throws {
        let directory = PathText.parent(path)
        if !directory.isEmpty { try makeDirectories(directory, for: path) }
        var template = Array(((directory.isEmpty ? "." : directory) + "/.fanout-tmp-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw PosixError("cannot write \(path)") }
        let temporary = String(cString: template)
        do {
            defer { Glibc.close(descriptor) }
            do {
                try FileDescriptorIO.writeAll(descriptor, bytes)
            } catch let error as PosixError {
                throw PosixError("cannot write \(path)", code: error.code)
            }
            // mkstemp makes the file 0600; a report or history file is as readable as any other file.
            fchmod(descriptor, 0o644)
            guard fsync(descriptor) == 0 else { throw PosixError("cannot write \(path)") }
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw PosixError("cannot write \(path)", code: code)
        }
    }

    /// Creates `directory` and its missing parents (mode 0755), as `mkdir -p` does.
    public static func makeDirectories(_ directory: String, for path: String) throws {
        var current = directory.hasPrefix("/") ? "" : "."
        for component in directory.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o755) != 0 && errno != EEXIST {
                throw PosixError("cannot create the directory \(current) for \(path)")
            }
        }
    }
}
