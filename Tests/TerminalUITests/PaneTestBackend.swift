import Foundation
import PayCore
import Synchronization
import TestSupport
@testable import TerminalUI

/// A console backend over a real SQLite store in a temporary folder. Calls that would reach WeChat Pay are
/// answered from the store (orders are inserted as the services would); every call is counted so tests can
/// prove that refusals happen before any call.
final class PaneTestBackend: ConsoleBackend {
    let directory: URL
    let store: Store
    let merchantID: Int64?
    private let calls = Mutex<[String]>([])

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("console-tests-\(UUID().uuidString)", isDirectory: true)
        store = try Store.open(path: directory.appendingPathComponent("paydesk.sqlite").path)
        let merchant = try store.insertMerchant(MerchantRecord(name: "Test shop", appID: "wxTEST",
                                                               merchantNumber: "1900000001"))
        merchantID = merchant.id
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    var callLog: [String] { calls.withLock { $0 } }
    private func log(_ call: String) { calls.withLock { $0.append(call) } }

    /// Inserts an order as CheckoutService would after a successful prepay.
    @discardableResult
    func insertPendingOrder(_ number: String, total: Int, createdAt: Date = Date(),
                            lifetime: TimeInterval = 600) throws -> OrderRecord {
        var order = OrderRecord(merchantID: merchantID ?? 0, outTradeNo: number, description: "Coffee", total: total,
                                createdAt: createdAt, expiresAt: createdAt.addingTimeInterval(lifetime))
        order.status = .pending
        order.codeURL = "weixin://wxpay/bizpayurl?pr=" + number
        return try store.insertOrder(order)
    }

    func createCheckout(total: Int, description: String) async throws -> OrderRecord {
        log("create \(total)")
        return try insertPendingOrder("T" + String(UInt32.random(in: 1_000_000...9_999_999)), total: total)
    }

    func refreshCheckout(outTradeNo: String) async throws -> OrderRecord {
        log("refresh \(outTradeNo)")
        return try insertPendingOrder(outTradeNo + "R", total: 100)
    }

    func cancelCheckout(outTradeNo: String) async throws -> OrderRecord {
        log("cancel \(outTradeNo)")
        throw PaneTestError.notSupported
    }

    func queryOrder(outTradeNo: String) async throws -> OrderRecord {
        log("query \(outTradeNo)")
        guard let order = try store.order(outTradeNo: outTradeNo) else { throw PaneTestError.notSupported }
        return order
    }

    func watch(outTradeNo: String) -> AsyncStream<OrderRecord> {
        let order = try? store.order(outTradeNo: outTradeNo)
        return AsyncStream { continuation in
            if let order { continuation.yield(order) }
            continuation.finish()
        }
    }

    func checkNow(outTradeNo: String) { log("checkNow \(outTradeNo)") }

    func planRefund(outTradeNo: String, amount: Int?, reason: String?) async throws -> RefundProposal {
        log("plan \(amount.map(String.init) ?? "all")")
        guard let order = try store.order(outTradeNo: outTradeNo) else { throw PaneTestError.notSupported }
        let remainder = try store.refundableRemainder(outTradeNo: outTradeNo)
        return RefundProposal(amount: amount ?? remainder, remainder: remainder, total: order.total)
    }

    func createRefund(outTradeNo: String, amount: Int, reason: String?) async throws -> RefundRecord {
        log("refund \(amount)")
        throw PaneTestError.notSupported
    }

    func queryRefund(outRefundNo: String) async throws -> RefundRecord {
        log("queryRefund \(outRefundNo)")
        throw PaneTestError.notSupported
    }

    func replayNotification(id: Int64) async -> NotificationRecord {
        log("replay \(id)")
        return NotificationRecord(receivedAt: Date(), headersJSON: "{}", body: "{}")
    }
}

enum PaneTestError: Error { case notSupported }

/// Steps `app` until `condition` holds or ten seconds pass; returns whether it held. Sleeps between steps so
/// the app's detached work gets a cooperative thread even when every test runs at once.
func drive(_ app: UIApp, until condition: () -> Bool) async -> Bool {
    // A bound, not a timing claim: generous so a loaded machine does not fail it.
    let deadline = Date().addingTimeInterval(TestWait.seconds(60))
    while Date() < deadline {
        app.step()
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return false
}
