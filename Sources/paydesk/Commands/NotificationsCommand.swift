import ArgumentParser
import Foundation
import PayCore

/// `paydesk notifications`: stored notifications with their verdicts and outcomes.
struct NotificationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notifications", abstract: "List stored notifications with their verdicts and outcomes, newest first.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Option(help: ArgumentHelp("Only this verdict, e.g. verified, bad_signature (case-insensitive).", valueName: "verdict"))
    var verdict: String?
    @Option(help: "At most this many rows.") var limit = 50

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() async throws {
        try await CLIError.reporting {
            let store = try LocalStore.open(global)
            let items = try store.notifications(verdict: verdict?.lowercased(), limit: limit)
            if output.json { return try JSONOutput.print(items.map(NotificationView.init)) }
            StandardStreams.out(items.isEmpty ? "No notifications." : OrderText.notificationTable(items))
        }
    }
}
