// swift-tools-version:6.0
import PackageDescription

// A fixture for Fanout's swift adapter: XCTest and Swift Testing side by side.
let package = Package(
    name: "Arith",
    targets: [
        .target(name: "Arith"),
        .testTarget(name: "ArithTests", dependencies: ["Arith"]),
    ])
