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
///
/// Without search text, rows come in list order `(created_at, id)` from the index whose equality columns match the
/// filters. With search text, the full-text index drives: FTS5 walks its matches in rowid order (rowid =
/// `orders.id`) and stops after one page, each match joined to its order by primary key and checked against the
/// filters. Putting `orders` first instead (`id IN (SELECT rowid … MATCH ?)`) made SQLite collect every match of
/// the search before the first row of each page: 166,000 rowids per page for `咖啡` on a million orders.
/// Search results are therefore listed by `id`, the order PayDesk recorded them in, newest first, which is
/// `created_at` order for every order PayDesk creates (it stamps `created_at` when it inserts).
enum OrderListSQL {
    /// The SQL and arguments for one status (or none) of `query`: rows older than the cursor newest first, or with
    /// `towardsNewer` rows newer than the cursor oldest first (the same index range read the other way).
    static func statement(
        for query: OrderQuery, status: OrderStatus?, limit: Int, towardsNewer: Bool = false, columns: String = "*"
    ) -> (sql: String, arguments: StatementArguments) {
        var (conditions, arguments) = filters(query, statuses: status.map { [$0] } ?? [], table: "")
        if let cursor = query.cursor {
            conditions.append(towardsNewer ? "(created_at, id) > (?, ?)" : "(created_at, id) < (?, ?)")
            arguments += [DatabaseTimestamp.text(cursor.createdAt), cursor.id]
        }
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        arguments += [limit]
        let order = towardsNewer ? "created_at ASC, id ASC" : "created_at DESC, id DESC"
        return ("SELECT \(columns) FROM orders\(whereClause) ORDER BY \(order) LIMIT ?", arguments)
    }

    /// The SQL and arguments of a search page: matches of `match` beyond the cursor's id, by rowid (descending, or
    /// ascending `towardsNewer`), with every status of `query` in one statement (the rowid order needs no merge).
    static func searchStatement(for query: OrderQuery, match: String, limit: Int, towardsNewer: Bool = false)
        -> (sql: String, arguments: StatementArguments)
    {
        var conditions = ["order_search MATCH ?"]
        var arguments: StatementArguments = [match]
        if let cursor = query.cursor {
            conditions.append(towardsNewer ? "order_search.rowid > ?" : "order_search.rowid < ?")
            arguments += [cursor.id]
        }
        let statuses = query.statuses.sorted { $0.rawValue < $1.rawValue }
        let (filterConditions, filterArguments) = filters(query, statuses: statuses, table: "orders.")
        conditions += filterConditions
        arguments += filterArguments
        arguments += [limit]
        // CROSS JOIN keeps order_search the outer loop, so its rowid order serves ORDER BY and LIMIT stops the walk.
        let sql = "SELECT orders.* FROM order_search CROSS JOIN orders ON orders.id = order_search.rowid WHERE "
            + conditions.joined(separator: " AND ")
            + " ORDER BY order_search.rowid \(towardsNewer ? "ASC" : "DESC") LIMIT ?"
        return (sql, arguments)
    }

    /// Merchant, status and date conditions on columns of `table` (a prefix such as `orders.`, or empty).
    private static func filters(_ query: OrderQuery, statuses: [OrderStatus], table: String)
        -> (conditions: [String], arguments: StatementArguments)
    {
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let merchantID = query.merchantID {
            conditions.append("\(table)merchant_id = ?")
            arguments += [merchantID]
        }
        if statuses.count == 1 {
            conditions.append("\(table)status = ?")
        } else if !statuses.isEmpty {
            conditions.append("\(table)status IN (" + Array(repeating: "?", count: statuses.count).joined(separator: ", ") + ")")
        }
        arguments += StatementArguments(statuses.map(\.rawValue))
        if let since = query.createdSince {
            conditions.append("\(table)created_at >= ?")
            arguments += [DatabaseTimestamp.text(since)]
        }
        if let until = query.createdUntil {
            conditions.append("\(table)created_at < ?")
            arguments += [DatabaseTimestamp.text(until)]
        }
        return (conditions, arguments)
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
    /// `towardsNewer` oldest first). Without search text, several statuses are read as one index range per status
    /// and their keys merged, so no filter combination sorts the table; with search text, one statement walks the full-text
    /// matches by rowid (see `OrderListSQL`). Search text that can match nothing gives no rows.
    private func listRows(_ query: OrderQuery, limit: Int, towardsNewer: Bool) throws -> [OrderRecord] {
        let text = query.searchText.flatMap { $0.trimmingSpaces().isEmpty ? nil : $0 }
        return try read { db in
            if let text {
                guard let match = try SearchText.matchExpression(for: text, completions: { try Self.searchTerms(startingWith: $0, in: db) })
                else { return [] }
                let statement = OrderListSQL.searchStatement(for: query, match: match, limit: limit, towardsNewer: towardsNewer)
                return try OrderRecord.fetchAll(db, sql: statement.sql, arguments: statement.arguments)
            }
            if query.statuses.count <= 1 {
                let statement = OrderListSQL.statement(
                    for: query, status: query.statuses.first, limit: limit, towardsNewer: towardsNewer)
                return try OrderRecord.fetchAll(db, sql: statement.sql, arguments: statement.arguments)
            }
            // Several statuses: each status's range of the index gives its next keys (covering index, no row
            // read), the keys are merged, and only the rows of the page are read. Reading and decoding full rows
            // for every status made the three-status filter the slowest key (11–13 ms CPU against 6–8 ms for a
            // page down, the bench child's slowest-keys list at 10k and 100k rows).
            var keys: [(createdAt: String, id: Int64)] = []
            for status in query.statuses.sorted(by: { $0.rawValue < $1.rawValue }) {
                let statement = OrderListSQL.statement(
                    for: query, status: status, limit: limit, towardsNewer: towardsNewer, columns: "created_at, id")
                let rows = try Row.fetchCursor(db, sql: statement.sql, arguments: statement.arguments)
                while let row = try rows.next() { keys.append((row[0], row[1])) }
            }
            // The stored text sorts as SQLite's index does, so this is the list order exactly.
            keys.sort { towardsNewer ? ($0.createdAt, $0.id) < ($1.createdAt, $1.id) : ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
            let ids = keys.prefix(limit).map(\.id)
            guard !ids.isEmpty else { return [] }
            let placeholders = Array(repeating: "?", count: ids.count).joined(separator: ", ")
            let rows = try OrderRecord.fetchAll(
                db, sql: "SELECT * FROM orders WHERE id IN (\(placeholders))", arguments: StatementArguments(ids))
            let byID = Dictionary(rows.map { ($0.id ?? 0, $0) }, uniquingKeysWith: { first, _ in first })
            return ids.compactMap { byID[$0] }
        }
    }

    /// The terms of the search index that start with `prefix` (lower-case ASCII letters and digits), when there are
    /// at most `SearchText.maximumCompletions`; nil when there are more.
    ///
    /// Each term is one seek in `order_search_terms` (fts5vocab): the next term at or after the last one found plus
    /// U+0001, which no token contains, so a term with a long posting list is skipped, not read.
    static func searchTerms(startingWith prefix: String, in db: Database) throws -> [String]? {
        guard let last = prefix.utf8.last else { return nil }
        let upper = String(decoding: prefix.utf8.dropLast() + [last + 1], as: UTF8.self)
        var terms: [String] = []
        var from = prefix
        let next = try db.cachedStatement(sql: "SELECT term FROM order_search_terms WHERE term >= ? AND term < ? LIMIT 1")
        while let term = try String.fetchOne(next, arguments: [from, upper]) {
            if terms.count == SearchText.maximumCompletions { return nil }
            terms.append(term)
            from = term + "\u{1}"
        }
        return terms
    }

    /// The query plan SQLite chooses for `query` (without search text: first status only), for tests and
    /// `paydesk` diagnostics.
    public func orderListPlan(for query: OrderQuery) throws -> [String] {
        try read { db in
            let statement: (sql: String, arguments: StatementArguments)
            if let text = query.searchText,
               let match = try SearchText.matchExpression(for: text, completions: { try Self.searchTerms(startingWith: $0, in: db) })
            {
                statement = OrderListSQL.searchStatement(for: query, match: match, limit: query.limit + 1)
            } else {
                statement = OrderListSQL.statement(
                    for: query, status: query.statuses.sorted { $0.rawValue < $1.rawValue }.first, limit: query.limit + 1)
            }
            return try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + statement.sql, arguments: statement.arguments)
                .map { $0["detail"] as String? ?? "" }
        }
    }
}
