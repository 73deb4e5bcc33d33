/// What a Linux executable needs to start, read from its ELF headers: the machine it is built for and the shared
/// libraries it names (`DT_NEEDED`). Pure byte parsing of 64-bit little-endian images, bounds-checked: a file
/// that is not such an image gives nil, never a crash.
public struct ELFImage: Sendable, Equatable {
    /// `e_machine`: 62 is x86_64, 183 aarch64.
    public var machine: UInt16
    /// The shared libraries the dynamic loader must find, in file order.
    public var neededLibraries: [String]

    /// `uname -m` names of the machines Fanout knows, by `e_machine`.
    public static let machineNames: [UInt16: String] = [62: "x86_64", 183: "aarch64", 243: "riscv64", 3: "i686"]

    public var machineName: String { Self.machineNames[machine] ?? "machine \(machine)" }

    /// The Swift runtime libraries the image loads dynamically; empty when the runtime is linked in.
    public var swiftRuntimeLibraries: [String] {
        neededLibraries.filter { $0.hasPrefix("libswift") || $0.hasPrefix("libFoundation") || $0 == "libdispatch.so" }
    }

    public init?(_ bytes: [UInt8]) {
        guard bytes.count >= 64, bytes[0] == 0x7F, bytes[1] == 0x45, bytes[2] == 0x4C, bytes[3] == 0x46,
            bytes[4] == 2, bytes[5] == 1
        else { return nil }
        let reader = Reader(bytes: bytes)
        guard let machine = reader.u16(18), let programHeaders = reader.u64(32),
            let entrySize = reader.u16(54), let count = reader.u16(56)
        else { return nil }
        self.machine = machine
        var dynamic: (offset: UInt64, size: UInt64)?
        var loads: [(virtual: UInt64, offset: UInt64, size: UInt64)] = []
        for index in 0..<UInt64(count) {
            let header = programHeaders + index * UInt64(entrySize)
            guard let type = reader.u32(header), let offset = reader.u64(header + 8),
                let virtual = reader.u64(header + 16), let size = reader.u64(header + 32)
            else { return nil }
            if type == 2 { dynamic = (offset, size) }  // PT_DYNAMIC
            if type == 1 { loads.append((virtual, offset, size)) }  // PT_LOAD
        }
        guard let dynamic else {
            neededLibraries = []  // statically linked: nothing to load
            return
        }
        var needed: [UInt64] = []
        var stringTable: UInt64?
        var entry = dynamic.offset
        while entry + 16 <= dynamic.offset + dynamic.size, let tag = reader.u64(entry), tag != 0 {
            guard let value = reader.u64(entry + 8) else { return nil }
            if tag == 1 { needed.append(value) }  // DT_NEEDED
            if tag == 5 { stringTable = value }  // DT_STRTAB, a virtual address
            entry += 16
        }
        guard let stringTable,
            let segment = loads.first(where: { stringTable >= $0.virtual && stringTable < $0.virtual + $0.size })
        else {
            guard needed.isEmpty else { return nil }
            neededLibraries = []
            return
        }
        let tableOffset = stringTable - segment.virtual + segment.offset
        var names: [String] = []
        for offset in needed {
            guard let name = reader.cString(tableOffset + offset) else { return nil }
            names.append(name)
        }
        neededLibraries = names
    }

    /// Little-endian reads that return nil past the end.
    private struct Reader {
        let bytes: [UInt8]

        func u16(_ at: UInt64) -> UInt16? { value(at, width: 2).map { UInt16($0) } }
        func u32(_ at: UInt64) -> UInt32? { value(at, width: 4).map { UInt32($0) } }
        func u64(_ at: UInt64) -> UInt64? { value(at, width: 8) }

        private func value(_ at: UInt64, width: Int) -> UInt64? {
            guard at <= UInt64(bytes.count), UInt64(bytes.count) - at >= UInt64(width) else { return nil }
            var result: UInt64 = 0
            for index in (0..<width).reversed() { result = result << 8 | UInt64(bytes[Int(at) + index]) }
            return result
        }

        func cString(_ at: UInt64) -> String? {
            guard at < UInt64(bytes.count) else { return nil }
            let start = Int(at)
            guard let end = bytes[start...].firstIndex(of: 0) else { return nil }
            return String(decoding: bytes[start..<end], as: UTF8.self)
        }
    }
}
