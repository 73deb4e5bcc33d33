/// The test binaries a Swift package's build made and the tests each one holds, as the binaries themselves
/// list them (XCTest's `--list-tests`, Swift Testing's `--testing-library swift-testing --list-tests`). Batches
/// run these binaries directly, without `swift test`.
public struct SwiftTestProducts: Codable, Sendable, Equatable {
    /// One built test binary (on Linux, `<Package>PackageTests.xctest`).
    public struct Binary: Codable, Sendable, Equatable {
        public var path: String
        public var xctestIDs: [String]
        /// Empty on toolchains before Swift 6, which have no Swift Testing.
        public var swiftTestingIDs: [String]
        /// Size and modification time when it was listed: a binary rebuilt since (by hand, say) is listed again.
        public var size: Int
        public var modified: Double

        public init(path: String, xctestIDs: [String], swiftTestingIDs: [String], size: Int, modified: Double) {
            self.path = path
            self.xctestIDs = xctestIDs
            self.swiftTestingIDs = swiftTestingIDs
            self.size = size
            self.modified = modified
        }
    }

    public var binaries: [Binary]

    public init(binaries: [Binary]) {
        self.binaries = binaries
    }

    /// Every test id: each binary's XCTest tests, then its Swift Testing tests.
    public var testIDs: [String] { binaries.flatMap { $0.xctestIDs + $0.swiftTestingIDs } }

    /// The ids in a test binary's listing output (XCTest heads its list with a `Listing N tests in ...:` line).
    public static func listedIDs(_ output: [String]) -> [String] {
        output.filter { !$0.isEmpty && !$0.contains(" ") && !$0.hasPrefix("[") }
    }
}
