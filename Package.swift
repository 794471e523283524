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
    ],
    targets: [
        // The system libyaml (Debian: libyaml-dev), found through pkg-config `yaml-0.1`.
        .systemLibrary(
            name: "CLibYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        // YAML 1.2 node trees with source marks, on top of libyaml's event parser.
        .target(name: "YAML", dependencies: ["CLibYAML"], swiftSettings: strictSettings),
        // The manifest language: files, documents, interpolation, typed resources, diagnostics.
        .target(
            name: "Manifest",
            dependencies: ["YAML", .product(name: "OrderedCollections", package: "swift-collections")],
            swiftSettings: strictSettings
        ),
        // The commands, as a library so tests run them in-process.
        .target(
            name: "CanvasCLI",
            dependencies: [
                "Manifest",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(name: "canvasctl", dependencies: ["CanvasCLI"], swiftSettings: strictSettings),

        .testTarget(name: "YAMLTests", dependencies: ["YAML"], swiftSettings: strictSettings),
        .testTarget(
            name: "ManifestTests",
            dependencies: ["Manifest", "YAML", .product(name: "OrderedCollections", package: "swift-collections")],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "CanvasCLITests", dependencies: ["CanvasCLI"], swiftSettings: strictSettings),
    ]
)
