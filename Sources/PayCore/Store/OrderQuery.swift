import Foundation
import GRDB

/// Where a page of the order list starts: the last row of the previous page.
public struct OrderCursor: Sendable, Equatable, Codable {
    /// `created_at` of the last row seen.
    public var createdAt: Date
    /// Row id of the last row seen (tie-breaker for equal times).
    public var id: Int64

    /// A cursor after (older than) the row (`createdAt`, `id`).
    public init(createdAt: Date, id: Int64) {
        self.createdAt = createdAt
        self.id = id
    }
}

/// Filters and position for one page of the order list, newest first.
public struct OrderQuery: Sendable, Equatable {
    /// Only these statuses; empty means all.
    public var statuses: Set<OrderStatus>
    /// Only orders created at or after this instant.
    public var createdSince: Date?
    /// Only orders created before this instant (exclusive).
    public var createdUntil: Date?
    /// Only this merchant's orders.
    public var merchantID: Int64?
    /// Words to find in order number, transaction id or description (each word a prefix; all must match).
    public var searchText: String?
    /// Rows per page.
    public var limit: Int
    /// Continue after this row; nil for the first page.
    public var cursor: OrderCursor?

    /// A query; all filters optional.
    public init(
        statuses: Set<OrderStatus> = [], createdSince: Date? = nil, createdUntil: Date? = nil, merchantID: Int64? = nil,
        searchText: String? = nil, limit: Int = 50, cursor: OrderCursor? = nil
    ) {
        self.statuses = statuses
        self.createdSince = createdSince
        self.createdUntil = createdUntil
        self.merchantID = merchantID
        self.searchText = searchText
        self.limit = limit
        self.cursor = cursor
    }
}

/// One page of orders and where the next one starts.
public struct OrderPage: Sendable, Equatable {
    /// The rows, newest first.
    public var orders: [OrderRecord]
    /// Cursor for the next page; nil when this is the last page.
    public var nextCursor: OrderCursor?
}

/// Builds the keyset SQL for the order list from fixed fragments; user values only ever travel as arguments.
enum OrderListSQL {
    /// The SQL and arguments for one status (or none) of `query`: rows older than the cursor newest first, or with
    /// `towardsNewer` rows newer than the cursor oldest first (the same index range read the other way).
    static func statement(for query: OrderQuery, status: OrderStatus?, match: String?, limit: Int,
                          towardsNewer: Bool = false)
        -> (sql: String, arguments: StatementArguments)
    {
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let merchantID = query.merchantID {
            conditions.append("merchant_id = ?")
            arguments += [merchantID]
        }
        if let status {
            conditions.append("status = ?")
            arguments += [status.rawValue]
        }
        if let since = query.createdSince {
            conditions.append("created_at >= ?")
            arguments += [since]
        }
        if let until = query.createdUntil {
            conditions.append("created_at < ?")
            arguments += [until]
        }
        if let cursor = query.cursor {
            conditions.append(towardsNewer ? "(created_at, id) > (?, ?)" : "(created_at, id) < (?, ?)")
            arguments += [cursor.createdAt, cursor.id]
        }
        if let match {
            conditions.append("id IN (SELECT rowid FROM order_search WHERE order_search MATCH ?)")
            arguments += [match]
        }
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        arguments += [limit]
        let order = towardsNewer ? "created_at ASC, id ASC" : "created_at DESC, id DESC"
        return ("SELECT * FROM orders\(whereClause) ORDER BY \(order) LIMIT ?", arguments)
    }
}

extension Store {
    /// One page of the order list, newest first, by keyset (no OFFSET): every row appears exactly once across pages
    /// even when many share a `created_at`.
    ///
    /// Several statuses are read as one index range per status and merged, so no filter combination sorts the table.
    /// Search text that contains nothing searchable gives an empty page.
    public func orders(page query: OrderQuery) throws -> OrderPage {
        let limit = max(1, query.limit)
        let rows = try listRows(query, limit: limit + 1, towardsNewer: false)
        let pageRows = Array(rows.prefix(limit))
        let next: OrderCursor? =
            rows.count > limit ? pageRows.last.flatMap { row in row.id.map { OrderCursor(createdAt: row.createdAt, id: $0) } } : nil
        return OrderPage(orders: pageRows, nextCursor: next)
    }

    /// The mirror of `orders(page:)` for paging back up the list (from its end when `query.cursor` is nil):
    /// up to `query.limit` rows newer than the cursor, returned newest first like every page; `nextCursor` is the
    /// newest row returned when still newer rows exist. Same filters, search and indexes as `orders(page:)`.
    public func newerOrders(page query: OrderQuery) throws -> OrderPage {
        let limit = max(1, query.limit)
        let rows = try listRows(query, limit: limit + 1, towardsNewer: true)
        let pageRows = Array(rows.prefix(limit).reversed())
        let next: OrderCursor? =
            rows.count > limit ? pageRows.first.flatMap { row in row.id.map { OrderCursor(createdAt: row.createdAt, id: $0) } } : nil
        return OrderPage(orders: pageRows, nextCursor: next)
    }

    /// Up to `limit` rows of the list beyond the cursor in the direction asked (newest first, or with
    /// `towardsNewer` oldest first). Several statuses are read as one index range per status and merged, so no
    /// filter combination sorts the table. Search text that contains nothing searchable gives no rows.
    private func listRows(_ query: OrderQuery, limit: Int, towardsNewer: Bool) throws -> [OrderRecord] {
        var match: String?
        if let text = query.searchText, !text.trimmingSpaces().isEmpty {
            guard let expression = SearchText.matchExpression(for: text) else { return [] }
            match = expression
        }
        let statuses: [OrderStatus?] = query.statuses.isEmpty ? [nil] : query.statuses.sorted { $0.rawValue < $1.rawValue }
        return try read { db in
            var merged: [OrderRecord] = []
            for status in statuses {
                let statement = OrderListSQL.statement(
                    for: query, status: status, match: match, limit: limit, towardsNewer: towardsNewer)
                merged += try OrderRecord.fetchAll(db, sql: statement.sql, arguments: statement.arguments)
            }
            if statuses.count > 1 {
                merged.sort { towardsNewer
                    ? ($0.createdAt, $0.id ?? 0) < ($1.createdAt, $1.id ?? 0)
                    : ($0.createdAt, $0.id ?? 0) > ($1.createdAt, $1.id ?? 0) }
            }
            return Array(merged.prefix(limit))
        }
    }

    /// The query plan SQLite chooses for `query` (first status only), for tests and `paydesk` diagnostics.
    public func orderListPlan(for query: OrderQuery) throws -> [String] {
        let match = query.searchText.flatMap(SearchText.matchExpression(for:))
        let statement = OrderListSQL.statement(
            for: query, status: query.statuses.sorted { $0.rawValue < $1.rawValue }.first, match: match,
            limit: query.limit + 1)
        return try read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + statement.sql, arguments: statement.arguments)
                .map { $0["detail"] as String? ?? "" }
        }
    }
}
