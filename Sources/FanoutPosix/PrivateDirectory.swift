import FanoutCore

#if canImport(Glibc)
    import Glibc
#endif

/// A new directory only this user can enter (mkdtemp, mode 0700) with an unpredictable name, so nobody else
/// on the machine can guess it, plant files in it or race its creation.
public enum PrivateDirectory {
    /// Creates `PARENT/PREFIXxxxxxx`, PARENT being TMPDIR (else /tmp) unless given.
    public static func make(prefix: String, in parent: String? = nil) throws -> String {
        let base = parent ?? SystemInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array(PathText.join(base, prefix + "XXXXXX").utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
            throw PosixError("cannot create a private directory in \(base)")
        }
        return String(cString: template)
    }
}
