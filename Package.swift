// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "zoho-billing-mcp",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "zoho-billing-mcp", targets: ["ZohoBillingMCP"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        // Test-only: the loopback HTTP servers of TestSupport and ZohoFakeServer.
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        // MARK: - HTTP over libcurl
        // libcurl's headers only (apt: libcurl4-openssl-dev); the library itself is opened on first use.
        .systemLibrary(name: "CCurl"),
        .target(name: "CurlHTTP", dependencies: ["CCurl", "PlatformSupport"]),

        // MARK: - What we use of the platform without full Foundation: threads, a condition lock, trimming
        .target(name: "PlatformSupport"),

        // MARK: - JSON values, parsing with positions, and schema validation
        .target(name: "JSONCore"),

        // MARK: - The MCP server side: JSON-RPC, both protocol eras, stdio framing; knows nothing of Zoho
        .target(
            name: "MCPServer",
            dependencies: ["JSONCore", "PlatformSupport", .product(name: "Logging", package: "swift-log")]),

        // MARK: - OAuth and the token file
        .target(
            name: "ZohoAuth",
            dependencies: [
                "CurlHTTP", "JSONCore", "PlatformSupport", .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // MARK: - Build-time tool generation
        .target(name: "ZohoToolGenCore", dependencies: ["JSONCore"]),
        .executableTarget(
            name: "ZohoToolGen",
            dependencies: ["ZohoToolGenCore", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .plugin(name: "ZohoToolGenPlugin", capability: .buildTool(), dependencies: ["ZohoToolGen"]),

        // MARK: - The audit log and the small state files of the safety checks (append, rotate, lock)
        .target(name: "AuditLog", dependencies: ["JSONCore"]),

        // MARK: - Tools: catalog, validation, Zoho client, dispatcher
        .target(
            name: "ZohoBillingTools",
            dependencies: [
                "AuditLog", "CurlHTTP", "JSONCore", "PlatformSupport", "ZohoAuth",
                .product(name: "Logging", package: "swift-log"),
            ],
            plugins: ["ZohoToolGenPlugin"]
        ),

        // MARK: - The Zoho emulator (test fake today, the embedded sandbox later)
        .target(name: "ZohoEmulator", dependencies: ["CurlHTTP", "JSONCore", "PlatformSupport"]),

        // MARK: - The executable
        .executableTarget(
            name: "ZohoBillingMCP",
            dependencies: [
                "AuditLog", "CurlHTTP", "JSONCore", "MCPServer", "PlatformSupport", "ZohoAuth", "ZohoBillingTools",
                "ZohoEmulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // A release binary carries the Swift runtime and FoundationEssentials: loading a dozen shared
            // libraries at every start was a third of a cold start (see docs/performance.md).
            linkerSettings: [
                .unsafeFlags(
                    ["-static-stdlib", "-l_FoundationCollections", "-l_FoundationCShims"],
                    .when(platforms: [.linux], configuration: .release))
            ]
        ),

        // MARK: - Test support and tests
        // Generic doubles and harnesses: golden files, a captured swift-log handler, a mock HTTPTransport, a
        // recording loopback HTTP server, and a driver for the built binary.
        .target(
            name: "TestSupport",
            dependencies: [
                "CurlHTTP", "JSONCore", .product(name: "Logging", package: "swift-log"),
                .product(name: "FlyingFox", package: "FlyingFox"), .product(name: "FlyingSocks", package: "FlyingFox"),
            ]
        ),
        // The Zoho-specific fake: the emulator behind a loopback HTTP server, and a per-test environment for it.
        .target(
            name: "ZohoFakeServer",
            dependencies: [
                "JSONCore", "TestSupport", "ZohoEmulator", .product(name: "FlyingFox", package: "FlyingFox"),
            ]
        ),
        // A stand-in Zoho on 127.0.0.1 for trying sign-in and `doctor` without an account: `swift run ZohoFakeZoho`.
        .executableTarget(name: "ZohoFakeZoho", dependencies: ["ZohoEmulator", "ZohoFakeServer"]),
        .testTarget(name: "JSONCoreTests", dependencies: ["JSONCore"]),
        .testTarget(name: "CurlHTTPTests", dependencies: ["CurlHTTP", "TestSupport"]),
        .testTarget(
            name: "ZohoAuthTests",
            dependencies: [
                "ZohoAuth", "CurlHTTP", "JSONCore", "TestSupport", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "ZohoToolGenCoreTests",
            dependencies: ["ZohoToolGenCore", "JSONCore", "TestSupport"],
            exclude: ["Snapshots", "Fixtures"]
        ),
        .testTarget(
            name: "ZohoBillingToolsTests",
            dependencies: [
                "PlatformSupport", "ZohoBillingTools", "JSONCore", "CurlHTTP", "TestSupport", "ZohoEmulator",
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "ZohoEmulatorTests", dependencies: ["ZohoEmulator"]),
        .testTarget(
            name: "ZohoBillingMCPTests",
            dependencies: ["ZohoBillingMCP", "ZohoFakeServer", "ZohoEmulator", "JSONCore", "TestSupport", "CurlHTTP"],
            exclude: ["Snapshots"]
        ),
    ]
)

for target in package.targets where target.type != .system && target.type != .plugin {
    var settings = target.swiftSettings ?? []
    settings.append(contentsOf: [
        .swiftLanguageMode(.v6),
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
        .enableUpcomingFeature("InternalImportsByDefault"),
    ])
    target.swiftSettings = settings
}
