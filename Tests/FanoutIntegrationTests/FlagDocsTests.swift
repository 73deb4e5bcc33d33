import Foundation
import Testing

/// The docs name every flag of every `fanout` command, and no `--flag` of Fanout's that does not exist. Flags of
/// other tools that the docs mention (pytest's, rsync's, swift's) are listed here by name.
@Suite struct FlagDocsTests {
    static let commands = [
        ["run"], ["plan"], ["simulate"], ["hosts", "check"], ["report", "merge"], ["history", "show"],
        ["history", "prune"],
    ]
    static let otherTools: Set<String> = [
        // pytest and its plugins
        "--junitxml", "--continue-on-collection-errors", "--cov", "--dist",
        "--cov-report", "--cov-config", "--cov-branch", "--cov-append", "--cov-precision", "--cov-fail-under",
        "--no-cov-on-fail", "--no-cov",
        // Django's manage.py test and runtests
        "--noinput", "--testrunner", "--keep-db", "--parallel",
        // swift build / swift test / test binaries
        "--build-tests", "--list-tests", "--testing-library", "--experimental-event-stream-output", "--filter",
        "--skip", "--no-parallel", "--xunit-output", "--static-swift-stdlib",
        // python -m test (regrtest)
        "--fail-env-changed", "--match",
        // rsync
        "--delete",
        // every command's own, fanout-agent's internal mode, the conformance scripts' option
        "--help", "--version", "--serve", "--fanout",
    ]

    /// Every long flag on the option lines of `fanout COMMAND --help`.
    static func helpFlags() throws -> Set<String> {
        var flags: Set<String> = []
        for command in commands {
            let help = try Harness.fanout(command + ["--help"]).stdout
            for line in help.split(separator: "\n") {
                let trimmed = line.drop { $0 == " " }
                guard trimmed.count < line.count, trimmed.hasPrefix("-") else { continue }
                for word in trimmed.split(separator: " ").prefix(3) {
                    let flag = word.trimmingCharacters(in: CharacterSet(charactersIn: ","))
                    if flag.hasPrefix("--") { flags.insert(flag) }
                }
            }
        }
        return flags.subtracting(["--help", "--version"])
    }

    /// Every `--flag` written in the README and docs/.
    static func documentedFlags() throws -> Set<String> {
        let root = URL(fileURLWithPath: Harness.packageRoot)
        var pages = [root.appendingPathComponent("README.md")]
        let docs = root.appendingPathComponent("docs")
        for case let path as String in FileManager.default.enumerator(atPath: docs.path)! where path.hasSuffix(".md") {
            pages.append(docs.appendingPathComponent(path))
        }
        let pattern = try Regex("--[a-z][a-z0-9-]*[a-z0-9]")
        var flags: Set<String> = []
        for page in pages {
            let text = try String(contentsOf: page, encoding: .utf8)
            for match in text.matches(of: pattern) { flags.insert(String(text[match.range])) }
        }
        return flags
    }

    @Test func everyFlagIsDocumentedAndEveryDocumentedFlagExists() throws {
        let help = try Self.helpFlags()
        let documented = try Self.documentedFlags()
        #expect(help.count > 30, "\(help)")
        #expect(help.subtracting(documented).isEmpty, "flags without docs: \(help.subtracting(documented).sorted())")
        let unknown = documented.subtracting(help).subtracting(Self.otherTools)
        #expect(unknown.isEmpty, "documented flags that no command has: \(unknown.sorted())")
    }
}
