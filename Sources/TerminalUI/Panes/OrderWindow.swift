import Foundation
import PayCore

/// The part of the order list held in memory: a contiguous run of rows around the selection, extended a page at
/// a time as the selection moves and trimmed on the far side, so memory stays small on any table size.
public struct OrderWindow {
    /// Rows newest first.
    public private(set) var rows: [OrderRecord] = []
    /// Whether newer rows exist before `rows`.
    public private(set) var hasNewer = false
    /// Whether older rows exist after `rows`.
    public private(set) var hasOlder = false
    /// Selected index in `rows`.
    public private(set) var selection = 0
    /// First visible index in `rows`.
    public private(set) var top = 0
    /// Rows fetched per page.
    public var pageSize = 100
    /// Most rows kept.
    public var maximumRows = 600
    /// Where rows come from.
    public var source: OrderSource

    /// A window over `source`; call `reload` to fill it.
    public init(source: OrderSource) {
        self.source = source
    }

    /// The selected order.
    public var selected: OrderRecord? { rows.indices.contains(selection) ? rows[selection] : nil }

    /// Loads the newest page and selects its first row.
    public mutating func reload() throws {
        let page = try source.older(than: nil, limit: pageSize)
        rows = page.rows
        hasOlder = page.more
        hasNewer = false
        selection = 0
        top = 0
    }

    /// Jumps to the oldest rows and selects the last one.
    public mutating func jumpToEnd(visible: Int) throws {
        let page = try source.newer(than: nil, limit: pageSize)
        rows = page.rows
        hasNewer = page.more
        hasOlder = false
        selection = max(0, rows.count - 1)
        top = max(0, rows.count - visible)
    }

    /// Moves the selection by `delta` rows (negative is newer), loading pages as needed; keeps it visible.
    public mutating func move(by delta: Int, visible: Int) throws {
        var target = selection + delta
        while target >= rows.count, hasOlder {
            try extendOlder()
            target = selection + delta
        }
        while target < 0, hasNewer {
            let added = try extendNewer()
            target += added
            if added == 0 { break }
        }
        selection = min(max(0, target), max(0, rows.count - 1))
        if selection < top { top = selection }
        if selection >= top + visible { top = selection - visible + 1 }
        top = max(0, min(top, max(0, rows.count - 1)))
    }

    /// Selects the row shown at `offset` from the top (mouse click).
    public mutating func select(visibleOffset offset: Int) {
        let index = top + offset
        if rows.indices.contains(index) { selection = index }
    }

    /// Puts a changed row in place if it is held (live updates); a new order at the top appears when the window
    /// shows the newest rows.
    public mutating func update(_ order: OrderRecord) {
        if let index = rows.firstIndex(where: { $0.id == order.id }) {
            rows[index] = order
        } else if !hasNewer, let first = rows.first, (order.createdAt, order.id ?? 0) > (first.createdAt, first.id ?? 0),
                  matchesFilters(order) {
            rows.insert(order, at: 0)
            if selection > 0 || top > 0 { selection += 1; top += 1 }
        } else if rows.isEmpty, matchesFilters(order) {
            rows = [order]
        }
    }

    private func matchesFilters(_ order: OrderRecord) -> Bool {
        let query = source.query
        if !query.statuses.isEmpty, !query.statuses.contains(order.status) { return false }
        if let since = query.createdSince, order.createdAt < since { return false }
        return !source.isSearching
    }

    private mutating func extendOlder() throws {
        guard let last = rows.last?.cursor else { return }
        let page = try source.older(than: last, limit: pageSize)
        rows += page.rows
        hasOlder = page.more
        let excess = rows.count - maximumRows
        if excess > 0 {
            rows.removeFirst(excess)
            selection -= excess
            top = max(0, top - excess)
            hasNewer = true
        }
    }

    /// Prepends a page of newer rows; returns how many were added.
    private mutating func extendNewer() throws -> Int {
        guard let first = rows.first?.cursor else { return 0 }
        let page = try source.newer(than: first, limit: pageSize)
        rows.insert(contentsOf: page.rows, at: 0)
        hasNewer = page.more
        selection += page.rows.count
        top += page.rows.count
        let excess = rows.count - maximumRows
        if excess > 0 {
            rows.removeLast(excess)
            hasOlder = true
        }
        return page.rows.count
    }
}
