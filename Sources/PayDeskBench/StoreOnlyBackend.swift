import Foundation
import PayCore
import TerminalUI

/// The console's backend for the orders benchmark: the real `Store` the orders pane reads, and no payment
/// services (the benchmark never calls them; a call would be a bug in the script, so each one throws).
struct StoreOnlyBackend: ConsoleBackend {
    let store: Store
    let merchantID: Int64?

    struct NotInBenchmark: Error {}

    func createCheckout(total: Int, description: String) async throws -> OrderRecord { throw NotInBenchmark() }
    func refreshCheckout(outTradeNo: String) async throws -> OrderRecord { throw NotInBenchmark() }
    func cancelCheckout(outTradeNo: String) async throws -> OrderRecord { throw NotInBenchmark() }
    func queryOrder(outTradeNo: String) async throws -> OrderRecord { throw NotInBenchmark() }
    func watch(outTradeNo: String) -> AsyncStream<OrderRecord> { AsyncStream { $0.finish() } }
    func checkNow(outTradeNo: String) {}
    func planRefund(outTradeNo: String, amount: Int?, reason: String?) async throws -> RefundProposal {
        throw NotInBenchmark()
    }
    func createRefund(outTradeNo: String, amount: Int, reason: String?) async throws -> RefundRecord {
        throw NotInBenchmark()
    }
    func queryRefund(outRefundNo: String) async throws -> RefundRecord { throw NotInBenchmark() }
    func replayNotification(id: Int64) async -> NotificationRecord {
        NotificationRecord(receivedAt: Date(), headersJSON: "{}", body: "{}")
    }
}
