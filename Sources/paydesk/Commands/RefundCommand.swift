import ArgumentParser
import Foundation
// GRDB comes with PayCore; only used to read one column of the refund's order.
import GRDB
import PayCore

/// `paydesk refund …`.
struct RefundCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refund", abstract: "Create, show or query refunds.",
        subcommands: [RefundCreateCommand.self, RefundShowCommand.self, RefundQueryCommand.self])
}

/// `paydesk refund create`: full or partial refund, checked locally first.
struct RefundCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Refund an order (all that is still refundable unless --amount).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: ArgumentHelp("The paid order.", valueName: "out-trade-no")) var outTradeNo: String
    @Option(help: ArgumentHelp("Amount in yuan (default: the refundable remainder).", valueName: "yuan")) var amount: String?
    @Option(help: "Reason shown to the customer (at most 80 bytes).") var reason: String?
    @Option(name: .customLong("out-refund-no"), help: ArgumentHelp("Your refund number; the same one twice returns the first refund.", valueName: "id"))
    var outRefundNo: String?

    func run() async throws {
        try await CLIError.reporting {
            let fen = try amount.map { text throws(AmountError) in try AmountParser.parse(text) }
            // RefundService.plan refuses an amount above the remainder locally, before any call.
            let refund = try await Runtime.with(global) { runtime in
                try await runtime.core.refunds.create(outTradeNo: outTradeNo, amount: fen, reason: reason, outRefundNo: outRefundNo)
            }
            if output.json { return try JSONOutput.print(RefundView(refund: refund, outTradeNo: outTradeNo)) }
            StandardStreams.out(OrderText.refundDetail(refund, outTradeNo: outTradeNo))
        }
    }
}

/// `paydesk refund show`: the stored refund.
struct RefundShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a refund as stored locally (no network).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: ArgumentHelp("The refund number.", valueName: "out-refund-no")) var outRefundNo: String

    func run() async throws {
        try await CLIError.reporting {
            let store = try LocalStore.open(global)
            guard let refund = try store.refund(outRefundNo: outRefundNo) else { throw PayCoreError.refundNotFound(outRefundNo) }
            try RefundOutput.print(refund, store: store, json: output.json)
        }
    }
}

/// `paydesk refund query`: asks WeChat Pay now.
struct RefundQueryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "query", abstract: "Ask WeChat Pay for the refund's state now and record it.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: ArgumentHelp("The refund number.", valueName: "out-refund-no")) var outRefundNo: String

    func run() async throws {
        try await CLIError.reporting {
            try await Runtime.with(global) { runtime in
                let refund = try await runtime.core.refunds.query(outRefundNo: outRefundNo)
                try RefundOutput.print(refund, store: runtime.core.store, json: output.json)
            }
        }
    }
}

/// Shared printing of one refund.
enum RefundOutput {
    static func print(_ refund: RefundRecord, store: Store, json: Bool) throws {
        let outTradeNo = try store.read { db in
            try String.fetchOne(db, sql: "SELECT out_trade_no FROM orders WHERE id = ?", arguments: [refund.orderID])
        }
        if json { return try JSONOutput.print(RefundView(refund: refund, outTradeNo: outTradeNo)) }
        StandardStreams.out(OrderText.refundDetail(refund, outTradeNo: outTradeNo))
    }
}
