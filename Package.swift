// swift-tools-version: 6.1
// PayDesk: a terminal merchant console for WeChat Pay. Layers (arrows point down only):
// paydesk → TerminalUI / NotifyServer / Simulator → PayCore → WeChatPay → C modules.
import PackageDescription

let package = Package(
    name: "PayDesk",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "paydesk", targets: ["paydesk"]),
        .executable(name: "paydesk-bench", targets: ["PayDeskBench"]),
        .library(name: "WeChatPay", targets: ["WeChatPay"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // MARK: - C system libraries (Debian -dev packages, found through pkg-config)
        // No pkgConfig: SwiftPM rejects the -D flags ncursesw.pc gives; the shim header defines what is needed.
        .systemLibrary(name: "CNCursesW", providers: [.apt(["libncursesw5-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CQREncode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Small C shims for what Swift cannot import: variadic curl options, ncurses macros and globals.
        .target(name: "CCurlShim", dependencies: ["CCurl"]),
        .target(
            name: "CCursesShim", dependencies: ["CNCursesW"],
            linkerSettings: [.linkedLibrary("ncursesw"), .linkedLibrary("tinfo")]),

        // MARK: - Layers
        .target(
            name: "WeChatPay",
            dependencies: [
                "COpenSSL", "CCurl", "CCurlShim", "CZlib",
                .product(name: "Logging", package: "swift-log"),
            ]),
        .target(
            name: "PayCore",
            dependencies: [
                "WeChatPay",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, for the hot path's hand-bound statements (Store/HotWrites.swift).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]),
        .target(
            name: "Simulator",
            dependencies: [
                "WeChatPay",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .target(
            name: "NotifyServer",
            dependencies: [
                "PayCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]),
        .target(
            name: "TerminalUI",
            dependencies: [
                "PayCore", "CNCursesW", "CCursesShim", "CQREncode",
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]),
        .executableTarget(
            name: "paydesk",
            dependencies: [
                "WeChatPay", "PayCore", "Simulator", "NotifyServer", "TerminalUI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(
            name: "PayDeskBench",
            dependencies: [
                "WeChatPay", "PayCore", "TerminalUI", "COpenSSL", "CQREncode",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),

        // MARK: - Tests
        // Helpers shared by the test targets (child processes without Foundation's Process, a scripted loopback
        // HTTP receiver).
        .target(
            name: "TestSupport", dependencies: ["WeChatPay", .product(name: "Hummingbird", package: "hummingbird")],
            path: "Tests/TestSupport"),
        .testTarget(
            name: "WeChatPayTests",
            dependencies: ["WeChatPay", .product(name: "Hummingbird", package: "hummingbird")]),
        .testTarget(name: "SimulatorTests", dependencies: ["TestSupport", "Simulator", "WeChatPay"]),
        .testTarget(name: "PayCoreTests", dependencies: ["TestSupport", "PayCore", "Simulator", "NotifyServer", "WeChatPay"]),
        .testTarget(name: "TerminalUITests", dependencies: ["TestSupport", "TerminalUI", "PayCore"]),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["TestSupport", "WeChatPay", "PayCore", .product(name: "GRDB", package: "GRDB.swift")]),
    ]
)
