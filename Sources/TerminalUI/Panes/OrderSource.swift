import Foundation
import PayCore

/// Reads order pages for the list in both directions by keyset, so any position of a million-row table is one
/// index range away (no OFFSET, no counting), with or without search text.
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
    public func newer(than cursor: OrderCursor?, limit: Int) throws -> (rows: [OrderRecord], more: Bool) {
        var page = query
        page.cursor = cursor
        page.limit = limit
        let result = try store.newerOrders(page: page)
        return (result.orders, result.nextCursor != nil)
    }

    /// Whether the list is narrowed by search text, which a changed row cannot be checked against locally.
    public var isSearching: Bool {
        !(query.searchText ?? "").trimmingCharacters(in: .whitespaces).isEmpty
    }
}

extension OrderRecord {
    /// The keyset position of this row.
    var cursor: OrderCursor? { id.map { OrderCursor(createdAt: createdAt, id: $0) } }
}
