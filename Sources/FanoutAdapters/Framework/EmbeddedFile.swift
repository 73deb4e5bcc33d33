import FanoutCore
import FanoutPosix

/// A Python file of the repository, embedded into the binary at build time (see `EmbeddedPython`), that the
/// agent writes into its private directory for an interpreter to run.
struct EmbeddedFile: Sendable {
    /// The file's name, as in the repository.
    let name: String
    let text: String

    /// Writes the file into `directory`.
    func write(into directory: String) throws {
        try AtomicFile.write(Array(text.utf8), to: path(in: directory))
    }

    func path(in directory: String) -> String {
        PathText.join(directory, name)
    }
}
