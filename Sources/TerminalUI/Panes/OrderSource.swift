import Foundation
import GRDB
import PayCore

/// Reads order pages for the list in both directions by keyset, so any position of a million-row table is one
/// index range away (no OFFSET, no counting).
public struct OrderSource: Sendable {
    /// The database.
    public let store: Store
    /// The filters (cursor and limit are set per call).
    public var query: OrderQuery

    /// A source over `store` with `query`'s filters.
    public init(store: Store, query: OrderQuery) {
        self.store = store
        self.query = query
    }

    /// Up to `limit` rows older than `cursor` (or the newest rows), newest first, and whether more follow.
    public func older(than cursor: OrderCursor?, limit: Int) throws -> (rows: [OrderRecord], more: Bool) {
        var page = query
        page.cursor = cursor
        page.limit = limit
        let result = try store.orders(page: page)
        return (result.orders, result.nextCursor != nil)
    }

    /// Up to `limit` rows newer than `cursor` (or the oldest rows), newest first, and whether more follow.
    ///
    /// Search text is matched through the order list's own FTS query, which only pages forward, so with search the
    /// caller walks forward instead (search results are small).
    public func newer(than cursor: OrderCursor?, limit: Int) throws -> (rows: [OrderRecord], more: Bool) {
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let merchantID = query.merchantID {
            conditions.append("merchant_id = ?")
            arguments += [merchantID]
        }
        if !query.statuses.isEmpty {
            let statuses = query.statuses.map(\.rawValue).sorted()
            conditions.append("status IN (" + statuses.map { _ in "?" }.joined(separator: ", ") + ")")
            for status in statuses { arguments += [status] }
        }
        if let since = query.createdSince {
            conditions.append("created_at >= ?")
            arguments += [since]
        }
        if let until = query.createdUntil {
            conditions.append("created_at < ?")
            arguments += [until]
        }
        if let cursor {
            conditions.append("(created_at, id) > (?, ?)")
            arguments += [cursor.createdAt, cursor.id]
        }
        arguments += [limit + 1]
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let sql = "SELECT * FROM orders\(whereClause) ORDER BY created_at ASC, id ASC LIMIT ?"
        let rows = try store.read { db in try OrderRecord.fetchAll(db, sql: sql, arguments: arguments) }
        return (Array(rows.prefix(limit).reversed()), rows.count > limit)
    }

    /// Whether `newer` can serve this query (no search text).
    public var pagesBackward: Bool {
        (query.searchText ?? "").trimmingCharacters(in: .whitespaces).isEmpty
    }
}

extension OrderRecord {
    /// The keyset position of this row.
    var cursor: OrderCursor? { id.map { OrderCursor(createdAt: createdAt, id: $0) } }
}
