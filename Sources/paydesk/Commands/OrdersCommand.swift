import ArgumentParser
import Foundation
import PayCore

/// `paydesk orders`: the order list (the default subcommand, so `paydesk orders --status PAID` still lists) and
/// `paydesk orders sync`.
struct OrdersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orders", abstract: "List orders, newest first; `orders sync` settles those not yet final.",
        subcommands: [OrdersListCommand.self, OrdersSyncCommand.self], defaultSubcommand: OrdersListCommand.self)
}

/// `paydesk orders [list]`: the order list, newest first.
struct OrdersListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List orders, newest first (the default of `paydesk orders`).",
        discussion: "--since takes a day (2026-11-24, China time), an RFC 3339 instant or an age (2h, 7d).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    @Option(
        help: ArgumentHelp("Only this status (repeatable): \(OrderStatus.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "status"),
        completion: .list(OrderStatus.allCases.map(\.rawValue)))
    var status: [String] = []
    @Option(help: ArgumentHelp("Only orders created since.", valueName: "date")) var since: SinceArgument?
    @Option(help: ArgumentHelp("Words found in order number, transaction id or description.", valueName: "text")) var search: String?
    @Option(help: "At most this many rows.") var limit = 50

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
        for value in status where OrderStatus(rawValue: value.uppercased()) == nil {
            throw ValidationError("--status \(value) is not one of \(OrderStatus.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() async throws {
        try await CLIError.reporting {
            let store = try LocalStore.open(global)
            let query = OrderQuery(
                statuses: Set(status.compactMap { OrderStatus(rawValue: $0.uppercased()) }), createdSince: since?.date,
                searchText: search, limit: limit)
            let orders = try store.orders(page: query).orders
            if output.json { return try JSONOutput.print(orders.map(OrderView.init)) }
            StandardStreams.out(orders.isEmpty ? "No orders." : OrderText.table(orders))
        }
    }
}
