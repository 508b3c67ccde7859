// swift-tools-version:6.0
import PackageDescription

// C libraries come from Debian (see the Makefile's `deps` target); each gets a
// system-library target so that `swift build` finds it through pkg-config.
let systemLibraries: [Target] = [
    .systemLibrary(
        name: "CCmark", path: "Sources/CSystem/CCmark", pkgConfig: "libcmark",
        providers: [.apt(["libcmark-dev"])]),
    .systemLibrary(
        name: "CQRencode", path: "Sources/CSystem/CQRencode", pkgConfig: "libqrencode",
        providers: [.apt(["libqrencode-dev"])]),
    .systemLibrary(
        name: "CSQLite", path: "Sources/CSystem/CSQLite", pkgConfig: "sqlite3",
        providers: [.apt(["libsqlite3-dev"])]),
    .systemLibrary(
        name: "CXML2", path: "Sources/CSystem/CXML2", pkgConfig: "libxml-2.0",
        providers: [.apt(["libxml2-dev"])]),
    .systemLibrary(
        name: "CDeflate", path: "Sources/CSystem/CDeflate", pkgConfig: "libdeflate",
        providers: [.apt(["libdeflate-dev"])]),
    .systemLibrary(
        name: "CZlib", path: "Sources/CSystem/CZlib", pkgConfig: "zlib",
        providers: [.apt(["zlib1g-dev"])]),
]

let package = Package(
    name: "sitegen",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "sitegen", targets: ["sitegen"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.20.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        // Hummingbird brings these; the runtime uses their types directly (its page fast path sits
        // in the NIO pipeline), so it names them.
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.3.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.34.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.0.0"),
        // The alert webhook's client (HTTPS included); Hummingbird's test client brings it already.
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // The shared store (issue #21): every node ships its events to one PostgreSQL database.
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.21.0"),
        // `/metrics`: counters made once and incremented with one relaxed atomic add.
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.0"),
        // postgres-nio brings it; the shared store builds its TLS settings (`?sslmode=`) with it.
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.27.0"),
    ],
    targets: systemLibraries + [
        .target(name: "Templates"),
        // The contract between build and serve: the manifest, content types, fingerprinted names,
        // and the gzip and digest helpers both sides use. It links no libcmark, libqrencode or
        // libxml2, so neither does the server.
        .target(
            name: "DistFormat",
            dependencies: [
                "Templates", "Personalize", "CDeflate", .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .target(name: "Personalize"),
        .target(
            name: "SiteGen",
            dependencies: [
                "Templates", "Personalize", "DistFormat", "CCmark", "CQRencode", "CZlib", "CXML2",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ]),
        .target(
            name: "Runtime",
            dependencies: [
                "DistFormat", "Personalize", "Insight", "CSQLite",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        // The shared store: PostgreSQL behind Runtime's `SharedStore` protocol. Only this target
        // links postgres-nio; the CLI injects it into the runtime.
        .target(
            name: "SharedStore",
            dependencies: [
                "Runtime",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        // `sitegen preview`: builds on every save and serves through the runtime in development
        // mode, reaching it only through `ServerExtension`.
        .target(
            name: "Preview",
            dependencies: [
                "SiteGen", "Runtime", "DistFormat", "Personalize",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        // The report's and the forecasts' maths and documents: statistics over logged decisions,
        // forecasting and anomaly detection, and the report rendered as HTML, JSON and CSV.
        // Pure Swift over numbers: no HTTP, no SQLite.
        .target(name: "Insight"),
        .executableTarget(name: "bench-forecast", dependencies: ["Insight"]),
        .executableTarget(name: "bench-report-stats", dependencies: ["Insight"]),
        // What only the command line needs: output tables and the benchmarks' drivers. Kept out
        // of the libraries so the server links none of it.
        .target(
            name: "Tools", dependencies: ["Runtime", "Personalize", "SiteGen", "Templates", "DistFormat", "Insight"]),
        .executableTarget(
            name: "sitegen",
            dependencies: [
                "SiteGen", "DistFormat", "Personalize", "Runtime", "Preview", "Tools", "Insight", "SharedStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        // Shared by every test target: package root, vendored spec files, loopback client, the
        // `sitegen` process launcher, and the CI rule for missing prerequisites.
        .target(
            name: "TestKit",
            dependencies: [
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Tests/TestKit"),
        .testTarget(name: "TemplatesTests", dependencies: ["Templates", "TestKit"]),
        .testTarget(
            name: "PersonalizeTests", dependencies: ["Personalize", "Tools", "TestKit"], exclude: ["Fixtures"]),
        .testTarget(
            name: "SiteGenTests",
            dependencies: [
                "SiteGen", "DistFormat", "Templates", "Personalize", "CZlib", "TestKit",
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .testTarget(
            name: "RuntimeTests",
            dependencies: [
                "Runtime", "SiteGen", "DistFormat", "Personalize", "Templates", "TestKit", "Insight",
                "SharedStore", "Tools",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]),
        .testTarget(
            name: "PreviewTests",
            dependencies: [
                "Preview", "Runtime", "SiteGen", "TestKit",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(name: "ToolsTests", dependencies: ["Tools", "Runtime", "Insight", "TestKit"]),
        .testTarget(name: "InsightTests", dependencies: ["Insight"]),
    ]
)

// Fuzzing (`make fuzz`; docs/architecture.md, "Fuzzing"): one libFuzzer harness per input the
// server or the build reads from outside. They are declared only when SITEGEN_FUZZ is set: a
// harness links only with `-sanitize=fuzzer` (its entry point starts libFuzzer's driver), and
// `swift build` builds every executable, so the everyday build and `make test` must not see them. Harnesses live
// in this package (not a package of their own) because `package` access does not cross packages.
if Context.environment["SITEGEN_FUZZ"] != nil {
    let fuzzFlags = ["-sanitize=fuzzer,address"]
    // `main` of each harness is an exported C function that starts libFuzzer (`FuzzSupport`,
    // which declares the driver with `@_extern(c)`).
    let harnessFlags = fuzzFlags + ["-parse-as-library", "-enable-experimental-feature", "Extern"]
    // The code under test gets coverage counters and ASan too; the dependencies (NIO, swift-crypto,
    // Yams) are built as usual, which keeps the build and the runs fast.
    let instrumented: Set = ["Templates", "Personalize", "DistFormat", "SiteGen", "Runtime"]
    for target in package.targets where instrumented.contains(target.name) {
        target.swiftSettings = (target.swiftSettings ?? []) + [.unsafeFlags(fuzzFlags)]
    }
    let harnesses: [(name: String, dependencies: [Target.Dependency])] = [
        ("FuzzRequestHead", ["Runtime", "Personalize", .product(name: "NIOCore", package: "swift-nio")]),
        ("FuzzTemplates", ["Templates"]),
        ("FuzzSiteConfig", ["SiteGen"]),
        ("FuzzClassifier", ["Personalize"]),
        ("FuzzTokens", ["Runtime"]),
        ("FuzzBodies", ["Runtime", "Insight", .product(name: "Hummingbird", package: "hummingbird")]),
    ]
    // Starting libFuzzer and the property checks, shared by every harness.
    package.targets.append(
        .target(name: "FuzzSupport", path: "Sources/Fuzz/FuzzSupport", swiftSettings: [.unsafeFlags(harnessFlags)]))
    for harness in harnesses {
        package.targets.append(
            .executableTarget(
                name: harness.name, dependencies: harness.dependencies + ["FuzzSupport"],
                path: "Sources/Fuzz/\(harness.name)",
                swiftSettings: [.unsafeFlags(harnessFlags)],
                linkerSettings: [.unsafeFlags(fuzzFlags)]))
        package.products.append(.executable(name: harness.name, targets: [harness.name]))
    }
}
