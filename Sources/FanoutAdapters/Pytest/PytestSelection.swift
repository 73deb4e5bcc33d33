/// The command-line arguments that make pytest run exactly some whole files and some single tests.
///
/// Whole files are given as their directories plus one `--fanout-file=FILE` each (Fanout's plugin then
/// ignores everything else in those directories): pytest lists a directory again for every file named in it,
/// so naming a few hundred files of one directory costs seconds, quadratically, and even one file costs a
/// walk of its whole directory through pytest's own ignore checks. Files in a directory that also holds a
/// file of which only some tests run are named as they are.
public enum PytestSelection {
    public static func arguments(wholeFiles: [String], testIDs: [String]) -> [String] {
        let tests = testIDs.map(safe)
        // Walking a directory would take a partly run file in it whole.
        let partialFiles = testIDs.map { String($0.prefix { $0 != ":" }) }
        func walkable(_ directory: String) -> Bool {
            !partialFiles.contains { isAncestor(directory, of: $0) }
        }
        let walked = wholeFiles.filter { walkable(directory($0)) }
        guard !walked.isEmpty else { return wholeFiles.map(safe) + tests }
        let named = wholeFiles.filter { !walkable(directory($0)) }
        let directories = Set(walked.map(directory))
        let outermost = directories.filter { candidate in
            !directories.contains { $0 != candidate && isAncestor($0, of: candidate) }
        }
        return outermost.sorted().map(safe) + walked.map { "--fanout-file=" + $0 } + named.map(safe) + tests
    }

    /// A path that argparse cannot mistake for an option.
    static func safe(_ path: String) -> String {
        path.hasPrefix("-") ? "./" + path : path
    }

    /// The directory of a workspace-relative file (`.` at the top).
    static func directory(_ file: String) -> String {
        guard let slash = file.lastIndex(of: "/") else { return "." }
        return String(file[..<slash])
    }

    static func isAncestor(_ ancestor: String, of path: String) -> Bool {
        ancestor == "." || path.hasPrefix(ancestor + "/")
    }
}
