import GRDB

/// Keeps `order_search` (FTS5, rowid = orders.id) in step with the searchable order fields.
enum SearchIndex {
    /// Replaces the search entry of `order`, or holds it back until the end of the batch when the writer
    /// runs one (`deferringWrites`).
    static func upsert(_ order: OrderRecord, in db: Database) throws {
        guard let id = order.id else { return }
        let entry = Entry(
            outTradeNo: SearchText.indexed(order.outTradeNo), transactionID: SearchText.indexed(order.transactionID),
            description: SearchText.indexed(order.description))
        let held = deferred.withLock { held in
            guard held[ObjectIdentifier(db)] != nil else { return false }
            held[ObjectIdentifier(db)]?[id] = entry
            return true
        }
        if !held { try write(entry, rowID: id, in: db) }
    }

    /// Runs `body` on the writer's connection with search-index writes held back, then writes them (the last
    /// one per order), all inside the caller's transaction.
    ///
    /// Why: FTS5 flushes its pending entries as a new segment whenever a statement opens a statement journal,
    /// which every later UPDATE or INSERT with constraints does. Written as it came, each applied payment became
    /// a one-row segment, flushed and later merged: 11 % of the writer's time while a backlog was applied
    /// (docs/performance.md). At the end of a batch it is one flush at commit. Only for a batch without
    /// savepoints: a unit rolled back to its savepoint must not leave its entry behind.
    static func deferringWrites<T>(in db: Database, _ body: () throws -> T) throws -> T {
        let key = ObjectIdentifier(db)
        deferred.withLock { $0[key] = [:] }
        let result: T
        do {
            result = try body()
        } catch {
            deferred.withLock { $0[key] = nil }
            throw error
        }
        let entries = deferred.withLock { $0.removeValue(forKey: key) } ?? [:]
        for (rowID, entry) in entries.sorted(by: { $0.key < $1.key }) { try write(entry, rowID: rowID, in: db) }
        return result
    }

    private struct Entry {
        let outTradeNo: String
        let transactionID: String
        let description: String
    }

    /// Entries held back per connection (only the writer's, during a batch), by order id.
    private static let deferred = Locked<[ObjectIdentifier: [Int64: Entry]]>([:])

    private static func write(_ entry: Entry, rowID: Int64, in db: Database) throws {
        let statement = try db.cachedStatement(
            sql: "INSERT OR REPLACE INTO order_search(rowid, out_trade_no, transaction_id, description) VALUES (?, ?, ?, ?)")
        try statement.execute(arguments: [rowID, entry.outTradeNo, entry.transactionID, entry.description])
    }
}
