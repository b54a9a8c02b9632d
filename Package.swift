// swift-tools-version:6.0
import PackageDescription

/// Cleanroom: a test-data sanitiser and environment provisioner.
///
/// Modules depend only downward. Crypto is on Core; Connectors on Core; Masking and Evidence on Core and
/// Crypto; Pipeline on Connectors, Masking and Evidence; Discovery on Connectors and Masking; Provisioning
/// on Pipeline; the CLI on all of them. Evidence stays below Pipeline, so a verifier built on it (ledger,
/// signatures, statements, audit report) links neither libpq nor masking code: Evidence owns the statement
/// and predicate types, the recorder that signs and appends them, and the table digest format; Pipeline
/// maps its `MaskResult` into a `MaskPredicate` and an error into text fit for evidence (`RunFailure`),
/// since only it knows the connectors' and masking's errors; Provisioning builds the erasure predicates.
///
/// docs/architecture.md, "Modules", draws the same layers; a test keeps this paragraph and its own equal.
let package = Package(
    name: "Cleanroom",
    products: [
        .executable(name: "cleanroom", targets: ["cleanroom"]),
        // Libraries for packages that build on Cleanroom by path, such as benchmarks/micro.
        .library(name: "CleanroomCore", targets: ["CleanroomCore"]),
        .library(name: "CleanroomCrypto", targets: ["CleanroomCrypto"]),
        .library(name: "CleanroomMasking", targets: ["CleanroomMasking"]),
        .library(name: "CleanroomPipeline", targets: ["CleanroomPipeline"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),

        .target(name: "CleanroomCore"),
        .target(name: "CleanroomCrypto", dependencies: ["CleanroomCore", "COpenSSL"]),
        .target(
            name: "CleanroomMasking",
            dependencies: ["CleanroomCore", "CleanroomCrypto", .product(name: "Yams", package: "Yams")]
        ),
        .target(name: "CleanroomConnectors", dependencies: ["CleanroomCore", "CLibPQ", "CSQLite"]),
        .target(name: "CleanroomEvidence", dependencies: ["CleanroomCore", "CleanroomCrypto"]),
        .target(
            name: "CleanroomPipeline",
            dependencies: ["CleanroomCore", "CleanroomCrypto", "CleanroomMasking", "CleanroomConnectors", "CleanroomEvidence"]
        ),
        .target(
            name: "CleanroomDiscovery",
            dependencies: ["CleanroomCore", "CleanroomMasking", "CleanroomConnectors"]
        ),
        .target(
            name: "CleanroomProvisioning",
            dependencies: ["CleanroomCore", "CleanroomCrypto", "CleanroomConnectors", "CleanroomMasking", "CleanroomPipeline",
                           "CleanroomEvidence", .product(name: "Yams", package: "Yams")]
        ),
        .executableTarget(
            name: "cleanroom",
            dependencies: ["CleanroomProvisioning", "CleanroomPipeline", "CleanroomDiscovery", "CleanroomMasking", "CleanroomConnectors",
                           "CleanroomEvidence", "CleanroomCrypto",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),

        // Tests. The unit targets need no server: plain `swift test` passes on a laptop. Every test that
        // needs the PostgreSQL test cluster is in CleanroomIntegrationTests and skips unless
        // CLEANROOM_TEST_PG_URL is set (scripts/test.sh starts a throwaway cluster and sets it).
        .target(
            name: "TestSupport",
            dependencies: ["CleanroomCore", "CleanroomConnectors", "CleanroomMasking", "CleanroomPipeline", "CleanroomDiscovery"],
            path: "Tests/TestSupport"
        ),
        .testTarget(name: "CleanroomCoreTests", dependencies: ["CleanroomCore"]),
        .testTarget(name: "CleanroomCryptoTests", dependencies: ["CleanroomCrypto", "TestSupport"]),
        .testTarget(name: "CleanroomMaskingTests", dependencies: ["CleanroomMasking", "TestSupport"]),
        .testTarget(name: "CleanroomConnectorsTests", dependencies: ["CleanroomConnectors", "TestSupport"]),
        .testTarget(
            name: "CleanroomEvidenceTests", dependencies: ["CleanroomEvidence", "TestSupport"],
            exclude: ["StatementFixtures"]
        ),
        .testTarget(
            name: "CleanroomPipelineTests",
            dependencies: ["CleanroomCore", "CleanroomConnectors", "CleanroomMasking", "CleanroomPipeline", "TestSupport"]
        ),
        .testTarget(
            name: "CleanroomCLITests",
            dependencies: ["CleanroomConnectors", "TestSupport", .product(name: "Yams", package: "Yams")]
        ),
        .testTarget(name: "CleanroomDiscoveryTests", dependencies: ["CleanroomDiscovery", "CleanroomPipeline", "TestSupport"]),
        .testTarget(name: "CleanroomProvisioningTests", dependencies: ["CleanroomProvisioning", "TestSupport"]),
        .testTarget(
            name: "CleanroomIntegrationTests",
            dependencies: ["CleanroomCore", "CleanroomCrypto", "CleanroomConnectors", "CleanroomMasking", "CleanroomPipeline",
                           "CleanroomEvidence", "CleanroomDiscovery", "CleanroomProvisioning", "TestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
