import ArgumentParser
import Foundation
import PayCore
import TerminalUI

/// `paydesk seed`: fills a SANDBOX database with repeatable demo orders (the demo console, scrolling tests,
/// benchmarks). Refused for a production merchant: demo rows must never mix with real ones.
struct SeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed", abstract: "Fill the SANDBOX database with demo orders (progress bar on stderr).",
        discussion: """
            Orders are spread back in time from now, two per second, with a repeatable mix of statuses, amounts \
            and English/Chinese descriptions; refunded ones get their refund rows. Only for a sandbox merchant \
            (the built-in simulator, --sandbox DIR, or a configuration with environment = "sandbox").
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Option(help: ArgumentHelp("How many orders to add.", valueName: "count")) var orders = 10_000
    @Option(help: ArgumentHelp("Random seed: the same seed gives the same amounts, statuses and descriptions.",
                               valueName: "number"))
    var seed: UInt64 = 42

    func validate() throws {
        guard (1...10_000_000).contains(orders) else { throw ValidationError("--orders must be between 1 and 10000000") }
    }

    func run() async throws {
        try await CLIError.reporting {
            try await Runtime.with(global) { runtime in
                guard runtime.isSandbox else {
                    throw CLIError(message: "seed: refused: \(runtime.configuration.merchantName) is a production merchant; demo orders go only into a SANDBOX database")
                }
                let store = runtime.core.store
                let merchantID = runtime.core.merchantID
                let bar = ProgressBar(label: "seeding", unit: "orders")
                let report = try store.seedDemoOrders(count: orders, merchantID: merchantID, seed: seed) { written in
                    bar.update(received: Int64(written), expected: Int64(orders))
                }
                bar.finish()
                let source = OrderSource(store: store, query: OrderQuery(merchantID: merchantID))
                let summary = SeedSummary(
                    count: report.count, seconds: report.seconds, database: runtime.configuration.databasePath,
                    newest: try source.older(than: nil, limit: 1).rows.first?.outTradeNo,
                    oldest: try source.newer(than: nil, limit: 1).rows.first?.outTradeNo)
                if output.json { return try JSONOutput.print(summary) }
                StandardStreams.out(summary.text)
            }
        }
    }
}

/// What `paydesk seed` reports.
struct SeedSummary: Encodable {
    var count: Int
    var seconds: Double
    var database: String
    /// The merchant's newest and oldest orders afterwards (the first and last rows of the order list).
    var newest: String?
    var oldest: String?

    enum CodingKeys: String, CodingKey {
        case count, seconds, database
        case newest = "newest_out_trade_no", oldest = "oldest_out_trade_no"
    }

    var text: String {
        "Seeded \(count) demo orders in \(String(format: "%.1f", seconds)) s into \(database)\n"
            + "newest \(newest ?? "–"), oldest \(oldest ?? "–")"
    }
}
