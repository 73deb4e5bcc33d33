/// The names of a host's template and of each slot's clone, made from the configured database's: unquoted-safe
/// identifiers (lowercase letters, digits, `_`) of at most 63 bytes (PostgreSQL's limit; MySQL's is 64), so
/// every server takes them and two hosts sharing one server never meet.
public enum WorkerDatabaseNames {
    public static let maximumLength = 63

    /// The template on `host`: `<name>_fanout_tpl_<host>`.
    public static func template(base: String, host: String) -> String {
        identifier([base, "fanout", "tpl", host])
    }

    /// `slot`'s clone on `host`: `<name>_fanout_<host>_<slot>`.
    public static func clone(base: String, host: String, slot: Int) -> String {
        identifier([base, "fanout", host, String(slot)])
    }

    /// The parts joined by `_`, folded to `[a-z0-9_]`; when that is too long, the base is shortened and a hash of
    /// the whole keeps shortened names apart.
    static func identifier(_ parts: [String]) -> String {
        let folded = parts.map(fold)
        let whole = folded.joined(separator: "_")
        guard whole.utf8.count > maximumLength else { return whole }
        let suffix = "_" + folded.dropFirst().joined(separator: "_")
        let digest = String(SHA256.hex(Array(whole.utf8)).prefix(8))
        let room = max(1, maximumLength - suffix.utf8.count - digest.utf8.count - 1)
        return String((String(folded[0].prefix(room)) + "_" + digest + suffix).prefix(maximumLength))
    }

    private static func fold(_ part: String) -> String {
        let kept = part.lowercased().unicodeScalars.map { scalar -> Character in
            ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) ? Character(scalar) : "_"
        }
        let text = String(kept)
        return text.isEmpty ? "db" : text
    }
}
