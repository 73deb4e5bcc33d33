import FanoutCore
import Foundation
import Testing

@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
    ])
    func knownVectors(input: String, digest: String) {
        #expect(SHA256.hex(Array(input.utf8)) == digest)
    }

    @Test func incrementalUpdatesEqualOneShot() {
        let data = (0..<1000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        var hasher = SHA256()
        for chunk in stride(from: 0, to: data.count, by: 37) {
            hasher.update(Array(data[chunk..<min(chunk + 37, data.count)]))
        }
        let digest = hasher.finalize().map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        #expect(digest == SHA256.hex(data))
        // One million 'a': the standard long vector.
        #expect(
            SHA256.hex(Array(repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}

/// Fanout's SHA-256 (libcrypto's, through CFanoutDigest) against coreutils' `sha256sum` on every length across the
/// block boundaries and on a large input: this checks the shim's buffer handling, not OpenSSL.
@Suite struct SHA256DifferentialTests {
    @Test func everyLengthUpTo300BytesAndOneMegabyteHashAsSha256sumHashesThem() throws {
        var inputs = (0...300).map { length in (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ length) } }
        var generator = SystemRandomNumberGenerator()
        inputs.append((0..<1_048_579).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fanout-sha-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = inputs.indices.map { directory.appendingPathComponent(String(format: "%04d", $0)).path }
        for (bytes, file) in zip(inputs, files) { try Data(bytes).write(to: URL(fileURLWithPath: file)) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = files
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let lines = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .split(separator: "\n")
        process.waitUntilExit()
        #expect(lines.count == inputs.count)
        for (bytes, line) in zip(inputs, lines) {
            #expect(SHA256.hex(bytes) == String(line.prefix(64)), "length \(bytes.count)")
        }
    }
}
