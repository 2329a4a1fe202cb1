import ArgumentParser
import Foundation
import PayCore
import TerminalUI

/// `paydesk order …`: one order.
struct OrderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "order", abstract: "Create, show, query or close one order.",
        subcommands: [OrderCreateCommand.self, OrderShowCommand.self, OrderQueryCommand.self, OrderCloseCommand.self])
}

/// `paydesk order create`: a Native order and its QR code.
struct OrderCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create a Native (QR) order and print its QR code.",
        discussion: "Give the amount as --total in fen or --amount in yuan (12.50, ¥12.5).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    @Option(help: ArgumentHelp("Amount in fen.", valueName: "fen")) var total: Int?
    @Option(help: ArgumentHelp("Amount in yuan, e.g. 12.50.", valueName: "yuan")) var amount: String?
    @Option(help: "What the customer sees in WeChat.") var description: String
    @Option(name: .customLong("expire-in"), help: ArgumentHelp("QR lifetime: 90s, 10m, 2h, 3d (default: configuration, 10m).", valueName: "duration"))
    var expireIn: DurationArgument?
    @Option(name: .customLong("business-no"), help: ArgumentHelp("Your own order number; the same request twice returns the same order.", valueName: "id"))
    var businessNo: String?
    @Option(name: .customLong("notify-url"), help: ArgumentHelp("Where WeChat Pay sends the payment notification.", valueName: "url"))
    var notifyURL: String?
    @Option(name: .customLong("qr-style"), help: "QR drawing in human mode: blocks or wide.") var qrStyle: QRStyle = .halfBlocks

    func validate() throws {
        guard (total == nil) != (amount == nil) else { throw ValidationError("give exactly one of --total FEN or --amount YUAN") }
        if let total, total <= 0 { throw ValidationError("--total must be a positive number of fen") }
    }

    func run() async throws {
        try await CLIError.reporting {
            let fen: Int
            if let total { fen = total } else { fen = try AmountParser.parse(amount ?? "") }
            let request = CheckoutRequest(
                total: fen, description: description, businessNo: businessNo, expiresIn: expireIn?.seconds, notifyURL: notifyURL)
            let order = try await Runtime.with(global) { runtime in try await runtime.core.checkout.create(request) }
            if output.json { return try JSONOutput.print(OrderView(order: order)) }
            if let code = order.codeURL {
                StandardStreams.out(try TerminalQR.render(code, style: qrStyle, colour: StandardStreams.stdoutIsTerminal))
            }
            StandardStreams.out(OrderText.detail(order))
        }
    }
}

/// `paydesk order show`: the stored order, no network.
struct OrderShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show an order as stored locally (no network).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: ArgumentHelp("The order number.", valueName: "out-trade-no")) var outTradeNo: String

    func run() async throws {
        try await CLIError.reporting {
            let store = try LocalStore.open(global)
            guard let order = try store.order(outTradeNo: outTradeNo) else { throw PayCoreError.orderNotFound(outTradeNo) }
            try OrderOutput.print(order, refunds: try store.refunds(outTradeNo: outTradeNo), json: output.json)
        }
    }
}

/// `paydesk order query`: asks WeChat Pay now and applies the answer.
struct OrderQueryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "query", abstract: "Ask WeChat Pay for the order's state now and record it.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: ArgumentHelp("The order number.", valueName: "out-trade-no")) var outTradeNo: String

    func run() async throws {
        try await CLIError.reporting {
            let (order, refunds) = try await Runtime.with(global) { runtime in
                let order = try await runtime.core.checkout.query(outTradeNo: outTradeNo)
                return (order, try runtime.core.store.refunds(outTradeNo: outTradeNo))
            }
            try OrderOutput.print(order, refunds: refunds, json: output.json)
        }
    }
}

/// `paydesk order close`: closes an unpaid order.
struct OrderCloseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "close", abstract: "Close an unpaid order (WeChat Pay close API).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: ArgumentHelp("The order number.", valueName: "out-trade-no")) var outTradeNo: String

    func run() async throws {
        try await CLIError.reporting {
            let order = try await Runtime.with(global) { runtime in try await runtime.core.checkout.close(outTradeNo: outTradeNo) }
            try OrderOutput.print(order, refunds: [], json: output.json)
        }
    }
}

/// Shared printing of one order.
enum OrderOutput {
    static func print(_ order: OrderRecord, refunds: [RefundRecord], json: Bool) throws {
        if json { return try JSONOutput.print(OrderView(order: order)) }
        StandardStreams.out(OrderText.detail(order, refunds: refunds))
    }
}
