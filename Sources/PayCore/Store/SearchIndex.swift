import GRDB

/// Keeps `order_search` (FTS5, rowid = orders.id) in step with the searchable order fields.
enum SearchIndex {
    /// Replaces the search entry of `order`.
    static func upsert(_ order: OrderRecord, in db: Database) throws {
        guard let id = order.id else { return }
        let statement = try db.cachedStatement(
            sql: "INSERT OR REPLACE INTO order_search(rowid, out_trade_no, transaction_id, description) VALUES (?, ?, ?, ?)")
        try statement.execute(
            arguments: [
                id, SearchText.indexed(order.outTradeNo), SearchText.indexed(order.transactionID),
                SearchText.indexed(order.description),
            ])
    }
}
