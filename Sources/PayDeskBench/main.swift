// `make bench`: one JSON line per figure on stdout (progress goes to stderr).
// `paydesk-bench` runs every benchmark; `paydesk-bench NAME...` runs the named ones; `--list` names them.
import Foundation

/// Every benchmark, in the order `make bench` runs them. A benchmark emits one or more figures.
let benchmarks: [(name: String, run: () throws -> Void)] = [
    ("sign", SigningBench.run),
    ("qr", QRBench.run),
    ("notify", NotifyBench.run),
    ("ingest", IngestBench.run),
    ("ingest-core", IngestBench.runCore),
    ("orders", OrdersBench.run),
    ("coldstart", ColdStartBench.run),
]
/// Runs only when named (`make crash-run`): minutes long, and a hardening check rather than a figure.
let onDemand: [(name: String, run: () throws -> Void)] = [
    ("crash", CrashRun.run),
]

let arguments = Array(CommandLine.arguments.dropFirst())
// Hidden: the orders benchmark re-executes this program to measure the orders pane alone in a fresh process
// (`--orders-child DB`); `--orders-seed ROWS DB` seeds a database the same way, to profile the child by hand.
if arguments.count >= 2, [OrdersWorkload.childFlag, OrdersWorkload.seedFlag].contains(arguments[0]) {
    do {
        if arguments[0] == OrdersWorkload.childFlag {
            try OrdersWorkload.runChild(databasePath: arguments[1])
        } else {
            try OrdersBench.seed(rows: Int(arguments[1]) ?? 10_000, path: arguments[arguments.count - 1])
        }
    } catch {
        FileHandle.standardError.write(Data("paydesk-bench: \(arguments[0]) failed: \(error)\n".utf8))
        exit(1)
    }
    exit(0)
}
if arguments == ["--list"] {
    for benchmark in benchmarks + onDemand { print(benchmark.name) }
    exit(0)
}
let unknown = arguments.filter { name in !(benchmarks + onDemand).contains { $0.name == name } }
guard unknown.isEmpty else {
    FileHandle.standardError.write(Data("paydesk-bench: unknown benchmark \(unknown.joined(separator: ", ")) (see --list)\n".utf8))
    exit(2)
}
var failed = false
for benchmark in (arguments.isEmpty ? benchmarks : benchmarks + onDemand) where arguments.isEmpty || arguments.contains(benchmark.name) {
    do { try benchmark.run() } catch {
        FileHandle.standardError.write(Data("paydesk-bench: \(benchmark.name) failed: \(error)\n".utf8))
        failed = true
    }
}
exit(failed ? 1 : 0)
