// swift-tools-version: 6.1
import PackageDescription

/// Settings every target of ours shares: Swift 6 mode plus the upcoming features we hold ourselves to.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "canvasctl",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "canvasctl", targets: ["canvasctl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.25.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.30.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.10.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.25.0"),
    ],
    targets: [
        // The system libyaml (Debian: libyaml-dev), found through pkg-config `yaml-0.1`.
        .systemLibrary(
            name: "CLibYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        // Outside text made safe to print: control, line-break and bidi characters shown escaped.
        .target(name: "SafeText", swiftSettings: strictSettings),
        // YAML 1.2 node trees with source marks, on top of libyaml's event parser.
        .target(name: "YAML", dependencies: ["CLibYAML", "SafeText"], swiftSettings: strictSettings),
        // The manifest language: files, documents, interpolation, typed resources, diagnostics.
        .target(
            name: "Manifest",
            dependencies: ["YAML", .product(name: "OrderedCollections", package: "swift-collections")],
            swiftSettings: strictSettings
        ),
        // A JSON value type shared by the API models and the state.
        .target(name: "JSONSupport", dependencies: ["SafeText"], swiftSettings: strictSettings),
        // The file operations every module that writes files shares: no links followed, files 0600
        // and directories 0700 from the start, atomic replacement.
        .target(name: "FileSupport", swiftSettings: strictSettings),
        // The Canvas REST API: wire models named after the document's DTOs, and a typed client on
        // AsyncHTTPClient (auth, retries, per-account concurrency, redacted logging).
        .target(
            name: "CanvasAPI",
            dependencies: [
                "JSONSupport",
                "SafeText",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strictSettings
        ),
        // The Canvas API served locally (Hummingbird): tests, benchmarks and `--endpoint local`.
        .target(
            name: "CanvasEmulator",
            dependencies: [
                "CanvasAPI",
                "FileSupport",
                "JSONSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        // The reconciler core: resources, diff, plan graph, apply executor. Pure: no I/O, no Canvas.
        .target(name: "Reconciler", dependencies: ["SafeText"], swiftSettings: strictSettings),
        // The state behind one interface: a local file (journal, OS lock), an HTTP state server
        // (Terraform's protocol) or PostgreSQL (advisory lock, a row per record); keyed fingerprints.
        .target(
            name: "StateStore",
            dependencies: [
                "FileSupport", "JSONSupport", "SafeText",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: strictSettings
        ),
        // Canvas as the reconciler's first provider: live reads, manifests resolved against the
        // catalog and templates, and both mapped onto the reconciler's resources.
        .target(
            name: "CanvasProvider",
            dependencies: [
                "Manifest", "CanvasAPI", "JSONSupport", "Reconciler", "SafeText", "StateStore",
                .product(name: "OrderedCollections", package: "swift-collections"),
            ],
            swiftSettings: strictSettings
        ),
        // plan, apply, export and run as async functions over values, with progress as events and
        // failures as typed errors: the orchestration below the commands. Prints nothing.
        .target(
            name: "CanvasOperations",
            dependencies: [
                "Manifest", "CanvasAPI", "CanvasEmulator", "CanvasProvider", "FileSupport", "JSONSupport", "Reconciler",
                "SafeText", "StateStore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ],
            swiftSettings: strictSettings
        ),
        // The commands, as a library so tests run them in-process.
        .target(
            name: "CanvasCLI",
            dependencies: [
                "Manifest",
                "CanvasAPI",
                "CanvasEmulator",
                "CanvasOperations",
                "CanvasProvider",
                "FileSupport",
                "Reconciler",
                "SafeText",
                "StateStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ],
            swiftSettings: strictSettings
        ),
        // The executable runs on mimalloc instead of glibc's malloc (docs/performance.md, "The
        // allocator"): linked before the C library, it serves every allocation of the process.
        .executableTarget(
            name: "canvasctl", dependencies: ["CanvasCLI"], swiftSettings: strictSettings,
            linkerSettings: [.linkedLibrary("mimalloc", .when(platforms: [.linux]))]
        ),

        // Fuzz targets (docs/fuzzing.md): reproducers under `swift build`, libFuzzer programs when
        // scripts/fuzz builds them with `-sanitize=fuzzer,address -DFUZZING`. Each depends only on
        // the small modules it fuzzes, so that the sanitizer build stays short.
        .target(name: "CLibFuzzer", path: "Fuzz/CLibFuzzer"),
        .target(name: "FuzzSupport", dependencies: ["CLibFuzzer", "JSONSupport"], path: "Fuzz/FuzzSupport", swiftSettings: strictSettings),
        .executableTarget(name: "FuzzYAML", dependencies: ["FuzzSupport", "YAML"], path: "Fuzz/FuzzYAML", swiftSettings: strictSettings),
        .executableTarget(
            name: "FuzzManifest",
            dependencies: ["FuzzSupport", "Manifest", "YAML", .product(name: "OrderedCollections", package: "swift-collections")],
            path: "Fuzz/FuzzManifest", swiftSettings: strictSettings
        ),
        .executableTarget(name: "FuzzJSON", dependencies: ["FuzzSupport", "JSONSupport"], path: "Fuzz/FuzzJSON", swiftSettings: strictSettings),
        .executableTarget(name: "FuzzCron", dependencies: ["FuzzSupport", "Manifest"], path: "Fuzz/FuzzCron", swiftSettings: strictSettings),
        // The state reader: StateStore brings the networking stack (NIO, AsyncHTTPClient, BoringSSL,
        // PostgresNIO) into the sanitizer build, so it is not among the targets the CI runs.
        .executableTarget(
            name: "FuzzState", dependencies: ["FuzzSupport", "JSONSupport", "StateStore"], path: "Fuzz/FuzzState", swiftSettings: strictSettings
        ),

        // A throw-away PostgreSQL server (initdb, pg_ctl) for the tests of the PostgreSQL state.
        .target(name: "PostgresTestCluster", path: "Tests/Support/PostgresTestCluster", swiftSettings: strictSettings),
        // A fresh emulator per test, with the environment that reaches it (CLI and operations tests).
        .target(name: "EmulatorHarness", dependencies: ["CanvasEmulator"], path: "Tests/Support/EmulatorHarness", swiftSettings: strictSettings),

        .testTarget(name: "SafeTextTests", dependencies: ["SafeText"], swiftSettings: strictSettings),
        .testTarget(name: "YAMLTests", dependencies: ["YAML", "JSONSupport"], swiftSettings: strictSettings),
        .testTarget(
            name: "ManifestTests",
            dependencies: ["Manifest", "YAML", .product(name: "OrderedCollections", package: "swift-collections")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CanvasCLITests",
            dependencies: [
                "CanvasCLI", "CanvasEmulator", "CanvasAPI", "JSONSupport", "YAML", "StateStore", "PostgresTestCluster", "EmulatorHarness",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CanvasOperationsTests",
            dependencies: [
                "EmulatorHarness", "CanvasOperations", "CanvasEmulator", "CanvasAPI", "CanvasProvider", "Manifest", "Reconciler", "StateStore"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "StateStoreTests",
            dependencies: ["StateStore", "JSONSupport", "PostgresTestCluster"],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "FileSupportTests", dependencies: ["FileSupport"], swiftSettings: strictSettings),
        .testTarget(
            name: "CanvasProviderTests",
            dependencies: [
                "CanvasProvider", "Manifest", "CanvasAPI", "CanvasEmulator", "JSONSupport", "YAML", "Reconciler", "StateStore",
                .product(name: "OrderedCollections", package: "swift-collections"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "ReconcilerTests", dependencies: ["Reconciler"], exclude: ["Golden"], swiftSettings: strictSettings),
        .testTarget(
            name: "CanvasAPITests",
            dependencies: [
                "CanvasAPI", "CanvasEmulator", "JSONSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
    ]
)
