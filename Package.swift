// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "roster",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "roster", targets: ["roster"]),
        .executable(name: "roster-bench", targets: ["roster-bench"]),
        .library(name: "RosterCore", targets: ["RosterCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.25.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.27.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        // libyaml events -> a compact document of nodes that keep file:line:column.
        .target(name: "RosterYAML", dependencies: ["CYAML"]),
        // Config, model, diff, plan, execute, render, and the Provider protocol. No network stack:
        // a backend's connection settings (TLS, proxy, retry) are plain values here.
        .target(
            name: "RosterCore",
            dependencies: ["RosterYAML", .product(name: "Logging", package: "swift-log")]
        ),
        // The HTTP layer of the providers: the transport (retries, failures in plain words, TLS,
        // proxies), the shared login session, and API roots from a backend's URL.
        .target(
            name: "RosterHTTP",
            dependencies: [
                "RosterCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // A JSON value model, shared by providers and emulators that read JSON without fixed shapes.
        .target(name: "RosterJSON"),
        // XML-RPC value model and codec, shared by the Uyuni client and its emulator.
        .target(name: "XMLRPC"),
        // CTERA's XML object model (<val>, <list>, <obj>/<att>), shared by the CTERA client and its emulator.
        .target(name: "CteraXML"),
        .target(
            name: "RosterUyuni",
            dependencies: ["RosterCore", "RosterHTTP", "XMLRPC", .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "RosterCtera",
            dependencies: ["RosterCore", "RosterHTTP", "CteraXML", .product(name: "Logging", package: "swift-log")]
        ),
        // The external-provider protocol: a provider program spoken to in JSON over its stdin/stdout.
        .target(name: "RosterExternal", dependencies: ["RosterCore", "RosterYAML", "RosterJSON"]),
        // ActiveLogic through the vendor's Python module, driven by the shipped provider program.
        .target(
            name: "RosterActiveLogic",
            dependencies: ["RosterCore", "RosterExternal", "RosterYAML"],
            resources: [.copy("program")]
        ),
        .target(
            name: "RosterCloud",
            dependencies: ["RosterCore", "RosterHTTP", .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "RosterSquirro",
            dependencies: ["RosterCore", "RosterHTTP", "RosterJSON", .product(name: "Logging", package: "swift-log")]
        ),
        // Emulators of every vendor, and the scoped launcher. Never imports provider code.
        .target(
            name: "RosterSandbox",
            dependencies: [
                "XMLRPC", "RosterYAML", "RosterJSON", "CteraXML",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("ActiveLogic/python")]
        ),
        // Wires providers and sandboxes together for the executables.
        .target(
            name: "RosterRuntime",
            dependencies: ["RosterCore", "RosterUyuni", "RosterCtera", "RosterActiveLogic", "RosterCloud", "RosterSquirro",
                           "RosterSandbox",
                           .product(name: "Logging", package: "swift-log")]
        ),
        .executableTarget(
            name: "roster",
            dependencies: [
                "RosterRuntime", "RosterCore", "RosterSandbox",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "roster-bench",
            dependencies: [
                "RosterRuntime", "RosterCore", "RosterYAML", "RosterSandbox",
                // `roster-bench schema` writes the schema and pages from the providers' tables.
                "RosterUyuni", "RosterCtera", "RosterActiveLogic", "RosterCloud", "RosterSquirro",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // What each fuzz target does with one input; the regression tests replay the corpus through it.
        // (The providers, not RosterRuntime: the fuzzer-instrumented release build of RosterRuntime
        // crashes swiftc 6.3.1 while splitting the coroutine of `Runner.plan`.)
        .target(name: "RosterFuzzing",
                dependencies: ["RosterCore", "RosterUyuni", "RosterCtera", "RosterActiveLogic", "RosterCloud", "RosterSquirro",
                               "XMLRPC", "CteraXML", "RosterJSON"],
                path: "Fuzz/Sources/RosterFuzzing"),
        // Helpers the test targets share: temporary folders, the JSON Schema checker, marked text, tags.
        .target(name: "RosterTestSupport", dependencies: ["RosterYAML", "RosterJSON"], path: "Tests/RosterTestSupport"),
        .testTarget(name: "RosterYAMLTests", dependencies: ["RosterYAML", "RosterTestSupport"]),
        .testTarget(name: "XMLRPCTests", dependencies: ["XMLRPC", "RosterTestSupport"]),
        .testTarget(name: "RosterCoreTests", dependencies: ["RosterCore", "RosterYAML", "RosterTestSupport"], exclude: ["Golden"]),
        .testTarget(name: "RosterSandboxTests", dependencies: ["RosterSandbox", "XMLRPC", "CteraXML", "RosterTestSupport"]),
        .testTarget(name: "CteraXMLTests", dependencies: ["CteraXML", "RosterTestSupport"]),
        .testTarget(name: "RosterCteraTests", dependencies: ["RosterCtera", "CteraXML", "RosterSandbox", "RosterRuntime"]),
        .testTarget(name: "RosterUyuniTests", dependencies: ["RosterUyuni", "RosterSandbox", "RosterRuntime"]),
        .testTarget(name: "RosterActiveLogicTests",
                    dependencies: ["RosterActiveLogic", "RosterExternal", "RosterSandbox", "RosterRuntime", "RosterYAML", "RosterTestSupport"]),
        .testTarget(name: "RosterCloudTests", dependencies: ["RosterCloud", "RosterHTTP", "RosterSandbox", "RosterRuntime", "RosterJSON"]),
        .testTarget(name: "RosterSquirroTests", dependencies: ["RosterSquirro", "RosterSandbox", "RosterRuntime"]),
        .testTarget(name: "RosterFaultTests", dependencies: ["RosterCore", "RosterHTTP", "RosterRuntime", "RosterSandbox", "RosterTestSupport"]),
        .testTarget(name: "RosterHTTPTests", dependencies: ["RosterHTTP", "RosterCore"]),
        .testTarget(name: "RosterJSONTests", dependencies: ["RosterJSON", "RosterTestSupport"]),
        .testTarget(name: "FuzzRegressionTests", dependencies: ["RosterFuzzing", "RosterRuntime", "RosterTestSupport"]),
        // LIFECYCLE.md on every provider, checked against each emulator's state.
        .testTarget(name: "ConformanceTests", dependencies: ["RosterCore", "RosterRuntime", "RosterSandbox", "RosterTestSupport",
                                                             .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "RosterCLITests", dependencies: ["RosterRuntime", "RosterHTTP", "RosterSandbox", "RosterYAML", "XMLRPC", "RosterJSON", "RosterTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)

// libFuzzer executables under Fuzz/, present only when scripts/fuzz.sh builds them (ROSTER_FUZZ=1),
// so a normal `swift build`/`swift test` neither sees nor compiles them.
if Context.environment["ROSTER_FUZZ"] == "1" {
    package.targets.append(.target(name: "CFuzzerDriver", path: "Fuzz/Sources/CFuzzerDriver"))
    for name in ["fuzz-config", "fuzz-xmlrpc", "fuzz-ctera-xml", "fuzz-json"] {
        package.targets.append(.executableTarget(name: name, dependencies: ["RosterFuzzing", "CFuzzerDriver"],
                                                 path: "Fuzz/Sources/\(name)"))
    }
}
