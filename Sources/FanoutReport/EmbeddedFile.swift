/// A file of the repository embedded into the binary at build time (see `EmbeddedAssets`).
struct EmbeddedFile: Sendable {
    /// The file's name, as in the repository.
    let name: String
    let text: String
}
