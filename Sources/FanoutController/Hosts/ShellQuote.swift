import Foundation

/// Quotes words for the remote user's POSIX shell, which runs every exec command. Only paths and hashes are
/// ever quoted this way; test ids travel inside the protocol and never reach a shell.
enum ShellQuote {
    static func word(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// A path that may start with `$HOME/`: the variable stays outside the quotes so the shell expands it.
    static func path(_ text: String) -> String {
        text.hasPrefix("$HOME/") ? "\"$HOME\"/" + word(String(text.dropFirst(6))) : word(text)
    }
}
