// swift-tools-version: 6.2
import PackageDescription

// libFuzzer harnesses for Rota's parsers, kept out of the main package: the executables here must
// be built with `-sanitize=fuzzer` (they call libFuzzer's driver), which a normal build lacks.
// RotaCore and RotaFiles are compiled from the main package's sources through the symlinks in
// Sources/, so the fuzzers exercise exactly the shipped code. Run them with `scripts/fuzz`.
let package = Package(
    name: "rota-fuzz",
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
    ],
    targets: [
        .target(name: "RotaCore", path: "Sources/RotaCore"),
        .target(name: "RotaFiles", dependencies: [
            "RotaCore",
            .product(name: "Yams", package: "Yams"),
        ], path: "Sources/RotaFiles"),
        .target(name: "CFuzzerDriver", path: "Targets/CFuzzerDriver"),
        .target(name: "FuzzSupport", path: "Targets/FuzzSupport"),
        .executableTarget(name: "FuzzSchedule", dependencies: ["RotaCore", "CFuzzerDriver", "FuzzSupport"],
                          path: "Targets/FuzzSchedule"),
        .executableTarget(name: "FuzzDuration", dependencies: ["RotaCore", "CFuzzerDriver", "FuzzSupport"],
                          path: "Targets/FuzzDuration"),
        // ReferenceShell.swift there links to the seeded tests' copy: one sh oracle for both.
        .executableTarget(name: "FuzzTemplate", dependencies: ["RotaCore", "CFuzzerDriver", "FuzzSupport"],
                          path: "Targets/FuzzTemplate"),
        .executableTarget(name: "FuzzWorkflow", dependencies: ["RotaCore", "RotaFiles", "CFuzzerDriver", "FuzzSupport"],
                          path: "Targets/FuzzWorkflow"),
    ]
)
