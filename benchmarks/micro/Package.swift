// swift-tools-version:6.0
import PackageDescription

/// Per-transform micro-benchmarks (ns per value) for Cleanroom, kept apart from the root package so
/// that `swift test` there never builds or runs them.
///
///     cd benchmarks/micro && swift run -c release cleanroom-micro [--values N]
let package = Package(
    name: "CleanroomMicro",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "Cleanroom", path: "../..")
    ],
    targets: [
        .systemLibrary(name: "CMicroOpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .executableTarget(
            name: "cleanroom-micro",
            dependencies: [
                "CMicroOpenSSL",
                .product(name: "CleanroomCore", package: "Cleanroom"),
                .product(name: "CleanroomCrypto", package: "Cleanroom"),
                .product(name: "CleanroomMasking", package: "Cleanroom"),
                .product(name: "CleanroomPipeline", package: "Cleanroom"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
