import FanoutPosix
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Asks at the controlling terminal for a key's passphrase, once per key file for the whole process, one
/// prompt at a time however many hosts are being set up in parallel. Never asks without a terminal (CI).
///
/// rsync's remote shell (`fanout rsh`, rsync's child, with no terminal of its own) gets what was typed through
/// its environment (`typed`/`remember`): only rsync and its children see it, for one sync.
public enum PassphrasePrompt {
    private static let answers = Locked([String: String?]())
    private static let prompting = Locked(())

    /// Every passphrase typed so far, by key file.
    public static var typed: [String: String] {
        answers.withLock { answers in answers.compactMapValues { $0 } }
    }

    /// Passphrases typed in the process that started this one.
    public static func remember(_ passphrases: [String: String]) {
        answers.withLock { answers in for (file, passphrase) in passphrases { answers[file] = .some(passphrase) } }
    }

    /// The passphrase for `keyFile` typed at the terminal; nil when there is no terminal or nothing was typed.
    static func passphrase(for keyFile: String) -> String? {
        if let known = answers.withLock({ $0[keyFile] }) { return known }
        return prompting.withLock { _ in
            if let known = answers.withLock({ $0[keyFile] }) { return known }
            let typed = ask("Enter passphrase for key '\(keyFile)': ")
            answers.withLock { $0[keyFile] = .some(typed) }
            return typed
        }
    }

    /// Reads one line from /dev/tty with echo off; nil when standard input is not a terminal.
    private static func ask(_ prompt: String) -> String? {
        guard isatty(STDIN_FILENO) == 1 else { return nil }
        let tty = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard tty >= 0 else { return nil }
        defer { close(tty) }
        var saved = termios()
        guard tcgetattr(tty, &saved) == 0 else { return nil }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(tty, TCSAFLUSH, &quiet)
        defer { tcsetattr(tty, TCSAFLUSH, &saved) }
        try? FileDescriptorIO.writeAll(tty, Array(prompt.utf8))
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while read(tty, &byte, 1) == 1 && byte != UInt8(ascii: "\n") && byte != UInt8(ascii: "\r") {
            line.append(byte)
        }
        try? FileDescriptorIO.writeAll(tty, Array("\n".utf8))
        return line.isEmpty ? nil : String(decoding: line, as: UTF8.self)
    }
}
