import FanoutCore
import Foundation
import Testing

/// Reading what an executable needs from its ELF headers, for the agent check before any upload.
@Suite struct ELFImageTests {
    func bytes(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    @Test func aDynamicallyLinkedSystemProgramNamesLibcAndThisMachine() throws {
        let image = try #require(ELFImage(try bytes("/bin/sh")))
        #expect(image.neededLibraries.contains("libc.so.6"))
        #expect(image.swiftRuntimeLibraries.isEmpty)
        var name = utsname()
        uname(&name)
        let machine = withUnsafeBytes(of: name.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        #expect(image.machineName == machine)
    }

    @Test func thisTestBinaryLoadsTheSwiftRuntime() throws {
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let image = try #require(ELFImage(try bytes(executable)))
        #expect(image.swiftRuntimeLibraries.contains("libswiftCore.so"))
    }

    @Test func anythingThatIsNotAnELFImageOrIsCutShortIsNilNeverACrash() throws {
        let real = try bytes("/bin/sh")
        #expect(ELFImage(Array("#!/bin/sh\necho hi\n".utf8)) == nil)
        #expect(ELFImage([]) == nil)
        var random = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let cut = Int.random(in: 0..<min(real.count, 8192), using: &random)
            _ = ELFImage(Array(real.prefix(cut)))
            var garbled = Array(real.prefix(8192))
            for _ in 0..<8 { garbled[Int.random(in: 16..<garbled.count, using: &random)] = .random(in: 0...255) }
            _ = ELFImage(garbled)
        }
    }
}
