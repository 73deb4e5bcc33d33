/// One thing a host does to its per-worker databases; names are database names, or file paths for SQLite.
public enum WorkerDatabaseStep: Sendable, Equatable {
    /// Ask the server whether the user may log in and create databases (SQLite: whether the template exists).
    case checkServer
    /// Remove these where they exist.
    case drop([String])
    /// Make an empty database for the template command to fill (SQLite: none; the command makes the file).
    case createEmpty(String)
    /// Run the user's template command with the variable set to this URL.
    case buildTemplate(DatabaseURL)
    /// Copy the template into each clone.
    case clone(template: String, clones: [String])
}
