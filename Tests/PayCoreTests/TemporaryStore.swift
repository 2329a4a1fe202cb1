import Foundation
import PayCore

/// A Store over a real SQLite file in its own temporary directory, removed by `remove()`.
struct TemporaryStore {
    let directory: URL
    let store: Store
    let merchantID: Int64

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("paycore-tests-\(UUID().uuidString)", isDirectory: true)
        store = try Store.open(path: directory.appendingPathComponent("paydesk.sqlite").path)
        let merchant = try store.insertMerchant(MerchantRecord(name: "Test shop", appID: "wxTEST", merchantNumber: "1900000001"))
        merchantID = merchant.id ?? 0
    }

    var path: String { store.path }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    /// Inserts a CREATED order of `total` fen created at `createdAt`.
    @discardableResult
    func makeOrder(
        _ outTradeNo: String, total: Int = 1000, createdAt: Date = Date(), description: String = "Coffee",
        merchantID: Int64? = nil, businessNo: String? = nil
    ) throws -> OrderRecord {
        try store.insertOrder(
            OrderRecord(
                merchantID: merchantID ?? self.merchantID, outTradeNo: outTradeNo, description: description, total: total,
                createdAt: createdAt, businessNo: businessNo, feeRatePPM: 6000))
    }
}
