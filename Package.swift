// swift-tools-version:6.0
import PackageDescription

// Module map (one idea each; data flows top to bottom):
//   SecmonStack   YAML -> validated stack, located diagnostics, JSON Schema
//   SecmonGraph   references -> edges, cycles, deterministic topological order
//   SecmonPlan    desired vs live -> Plan (plain data); the ResourceDriver protocol
//   SecmonApply   executes a Plan over the graph; knows no AWS service
//   SecmonRender  Plan, apply, doctor, drill, who-read and backtest results -> text / JSON; pure functions
//   SecmonResources  one generic driver; per kind only its AWS mapping (KindMapping)
//   SecmonAlerts  filter-pattern language, alarm simulation, lints
//   SecmonDoctor  walks a live pipeline link by link (doctor) and sets it off (drill)
//   SecmonAWS     secmon's policy over the client: secret reads refused, the drill's one read
//   AWSSigV4 / AWSClient  the only code that knows the wire
let package = Package(
    name: "secmon",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "secmon", targets: ["secmon"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // System libraries: OpenSSL's libcrypto (SHA-256, HMAC), zlib (gzip), libcurl (HTTP).
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),

        .target(name: "AWSSigV4", dependencies: ["CCrypto"]),
        .target(name: "AWSClient", dependencies: ["SecmonCore", "AWSSigV4", "CZlib", "CCurl"]),

        .target(name: "SecmonCore"),
        .target(name: "SecmonStack", dependencies: ["SecmonCore", "Yams"]),
        .target(name: "SecmonGraph", dependencies: ["SecmonCore", "SecmonStack"]),
        .target(name: "SecmonPlan", dependencies: ["SecmonCore", "SecmonGraph"]),
        .target(name: "SecmonApply", dependencies: ["SecmonCore", "SecmonPlan"]),
        .target(name: "SecmonRender", dependencies: ["SecmonCore", "SecmonPlan", "SecmonApply", "SecmonAlerts", "SecmonDoctor"]),
        .target(name: "SecmonAlerts", dependencies: ["SecmonCore", "SecmonStack", "CZlib"]),
        .target(name: "SecmonResources", dependencies: ["SecmonCore", "SecmonStack", "SecmonPlan", "AWSClient"]),
        // secmon's policy over the client: never read a secret value; the drill's one unreadable read.
        .target(name: "SecmonAWS", dependencies: ["AWSClient"]),
        .target(name: "SecmonDoctor", dependencies: ["SecmonCore", "SecmonGraph", "SecmonAlerts", "AWSClient", "SecmonAWS"]),
        .target(name: "SecmonCLI", dependencies: [
            "SecmonCore", "SecmonStack", "SecmonGraph", "SecmonPlan", "SecmonApply", "SecmonRender",
            "SecmonAlerts", "SecmonResources", "SecmonDoctor", "AWSClient", "SecmonAWS",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "secmon", dependencies: ["SecmonCLI"]),
        // libFuzzer targets over the code that reads user input (scripts/fuzz, docs/fuzzing.md);
        // a normal build makes it a replayer of saved inputs, so it always compiles.
        .executableTarget(name: "secmon-fuzz", dependencies: ["SecmonCore", "SecmonStack", "SecmonAlerts"], path: "Fuzz/Sources"),

        // Test support: the local endpoint (moto_server) lifecycle, a fault-injecting proxy.
        .target(name: "TestSupport", dependencies: ["AWSClient"], path: "Tests/TestSupport"),
        // The planner's and executor's fake world: in-memory drivers (diffing with production's
        // PropertyDiff), a fake account with injectable failures, small desired graphs.
        .target(name: "PlanTestSupport", dependencies: ["SecmonCore", "SecmonGraph", "SecmonPlan", "SecmonResources"],
                path: "Tests/PlanTestSupport"),

        // Fast unit tests, mirroring Sources/.
        .testTarget(name: "AWSSigV4Tests", dependencies: ["AWSSigV4"], exclude: ["Fixtures"]),
        .testTarget(name: "AWSClientTests", dependencies: ["AWSClient", "TestSupport"]),
        .testTarget(name: "SecmonAWSTests", dependencies: ["SecmonAWS", "AWSClient", "TestSupport"]),
        .testTarget(name: "SecmonStackTests", dependencies: ["SecmonStack", "SecmonGraph", "TestSupport"]),
        .testTarget(name: "SecmonPlanTests", dependencies: ["SecmonPlan", "SecmonGraph", "SecmonApply", "SecmonResources", "PlanTestSupport"]),
        .testTarget(name: "SecmonCoreTests", dependencies: ["SecmonCore"]),
        .testTarget(name: "SecmonGraphTests", dependencies: ["SecmonGraph", "SecmonStack", "TestSupport"]),
        .testTarget(name: "SecmonApplyTests", dependencies: ["SecmonApply", "SecmonPlan", "SecmonGraph", "PlanTestSupport"]),
        .testTarget(name: "SecmonRenderTests", dependencies: ["SecmonRender", "SecmonApply", "SecmonPlan", "SecmonAlerts", "SecmonDoctor"],
                    exclude: ["Golden"]),
        .testTarget(name: "SecmonAlertsTests", dependencies: ["SecmonAlerts", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "SecmonDoctorTests", dependencies: ["SecmonDoctor", "SecmonRender", "TestSupport"]),
        .testTarget(name: "SecmonResourcesTests", dependencies: ["SecmonResources", "SecmonStack", "TestSupport"]),
        .testTarget(name: "SecmonCLITests", dependencies: ["SecmonCLI", "SecmonGraph", "SecmonRender", "TestSupport", .product(name: "Yams", package: "Yams")],
                    exclude: ["Fixtures", "Golden"]),
        // Integration tests against a moto_server each test class starts itself. Kept apart.
        .testTarget(name: "IntegrationTests", dependencies: ["SecmonCLI", "AWSClient", "SecmonAWS", "SecmonRender", "TestSupport"]),
    ]
)
