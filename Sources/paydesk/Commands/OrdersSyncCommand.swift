import ArgumentParser
import Foundation
import PayCore

/// `paydesk orders sync`: asks WeChat Pay about every order and refund not yet final and records the answers
/// (`PendingSync`), for notifications that never came. Safe to run at any time, e.g. from cron.
struct OrdersSyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync", abstract: "Query every order and refund not yet final and record WeChat Pay's answers.",
        discussion: """
            Covers CREATED and PENDING orders (expired ones are closed at WeChat Pay), orders flagged for a query, \
            and PROCESSING or ABNORMAL refunds; a PROCESSING refund WeChat Pay never received is sent again with \
            the same out_refund_no. Only idempotent calls are made. Exits with 75 when something could not be \
            settled (WeChat Pay unreachable): run it again later.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .customLong("min-age"), help: ArgumentHelp("Skip orders and refunds younger than this (30s, 5m); default 0.", valueName: "duration"))
    var minimumAge: DurationArgument?
    @Option(help: "Calls in flight at once.") var concurrency = 4

    func validate() throws {
        guard (1...32).contains(concurrency) else { throw ValidationError("--concurrency must be between 1 and 32") }
    }

    func run() async throws {
        try await CLIError.reporting {
            let report = try await Runtime.with(global) { runtime in
                await runtime.core.sync.sweep(minimumAge: minimumAge?.seconds ?? 0, concurrency: concurrency)
            }
            if output.json {
                try JSONOutput.print(report)
            } else {
                StandardStreams.out(Self.text(report))
            }
            if !report.failures.isEmpty {
                throw CLIError(message: "\(report.failures.count) could not be settled; run `paydesk orders sync` again later", exitCode: 75)
            }
        }
    }

    static func text(_ report: SyncReport) -> String {
        var lines = [
            "Checked \(report.ordersChecked) orders and \(report.refundsChecked) refunds; "
                + "\(report.changes.count) changed, \(report.refundsResent) refunds sent again, \(report.failures.count) unsettled."
        ]
        for change in report.changes { lines.append("  \(change.outTradeNo)  \(change.from.rawValue) → \(change.to.rawValue)") }
        for failure in report.failures { lines.append("  \(failure.subject)  not settled: \(failure.error)") }
        return lines.joined(separator: "\n")
    }
}
