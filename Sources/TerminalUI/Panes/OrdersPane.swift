import Foundation
import PayCore

/// The merchant's order list: newest first, keyset-paged, searchable and filtered, live.
public final class OrdersPane: Pane {
    /// Date filters `d` cycles through.
    public enum DateFilter: Int, CaseIterable, Sendable {
        case all, today, sevenDays, thirtyDays
    }

    /// Status filters `f` cycles through (empty = all).
    static let statusFilters: [Set<OrderStatus>] = [
        [], [.created, .pending], [.paid], [.refunding, .partiallyRefunded, .refunded], [.closed], [.failed],
    ]

    private let environment: ConsoleEnvironment
    private var strings: Strings { environment.strings }
    /// The rows held in memory and the selection (read by the benchmark and tests).
    public private(set) var window: OrderWindow
    private var statusFilterIndex = 0
    private(set) var dateFilter = DateFilter.all
    private var searchField = OrdersPane.emptySearch()
    /// The search text as typed (read by the benchmark to check its script).
    public var searchText: String { searchField.text }
    private var searching = false
    private var visibleRows = 20
    private var loaded = false
    private var problem: String?
    private var estimatedCount = 0

    /// An order list over the environment's store.
    public init(environment: ConsoleEnvironment) {
        self.environment = environment
        window = OrderWindow(source: OrderSource(store: environment.backend.store,
                                                 query: OrderQuery(merchantID: environment.backend.merchantID)))
    }

    public var title: String { strings[.paneOrders] }
    public var context: KeymapContext { searching ? .search : .orders }

    public func activate() {
        if !loaded { reload() }
    }

    /// Rebuilds the query from the filters and loads the newest page.
    func reload() {
        var query = OrderQuery(merchantID: environment.backend.merchantID)
        query.statuses = Self.statusFilters[statusFilterIndex]
        query.createdSince = since(dateFilter)
        let text = searchField.text.trimmingCharacters(in: .whitespaces)
        query.searchText = text.isEmpty ? nil : text
        window.source.query = query
        do {
            try window.reload()
            estimatedCount = (try? environment.backend.store.estimatedOrderCount()) ?? 0
            problem = nil
        } catch {
            problem = environment.message(for: error)
        }
        loaded = true
    }

    private func since(_ filter: DateFilter) -> Date? {
        let now = environment.now()
        // Local midnight from the zone's offset (checked again at midnight, for a DST change during the day), not
        // `Calendar.current`, which loads ICU's locale and calendar data just for this.
        let zone = TimeZone.current
        func midnight(offset: Int) -> Date {
            let localDays = ((now.timeIntervalSince1970 + Double(offset)) / 86_400).rounded(.down)
            return Date(timeIntervalSince1970: localDays * 86_400 - Double(offset))
        }
        let guess = midnight(offset: zone.secondsFromGMT(for: now))
        let startOfToday = midnight(offset: zone.secondsFromGMT(for: guess))
        switch filter {
        case .all: return nil
        case .today: return startOfToday
        case .sevenDays: return startOfToday.addingTimeInterval(-6 * 86_400)
        case .thirtyDays: return startOfToday.addingTimeInterval(-29 * 86_400)
        }
    }

    // MARK: - Input

    public func handle(_ action: Action) -> PaneCommand {
        if searching { return handleSearch(action) }
        do {
            switch action {
            case .moveDown: try window.move(by: 1, visible: visibleRows)
            case .moveUp: try window.move(by: -1, visible: visibleRows)
            case .pageDown: try window.move(by: visibleRows, visible: visibleRows)
            case .pageUp: try window.move(by: -visibleRows, visible: visibleRows)
            case .home: reload()
            case .end: try window.jumpToEnd(visible: visibleRows)
            case .open:
                guard let order = window.selected else { return .none }
                return .push(OrderDetailPane(environment: environment, order: order))
            case .search:
                searching = true
            case .escape where !searchField.text.isEmpty:
                // Esc leaves a confirmed search, as it leaves one being typed; the filters stay (`x` clears all).
                searchField = Self.emptySearch()
                reload()
            case .filterStatus:
                statusFilterIndex = (statusFilterIndex + 1) % Self.statusFilters.count
                reload()
            case .filterDate:
                dateFilter = DateFilter(rawValue: (dateFilter.rawValue + 1) % DateFilter.allCases.count) ?? .all
                reload()
            case .clearFilters:
                statusFilterIndex = 0
                dateFilter = .all
                searchField = Self.emptySearch()
                reload()
            case .checkNow:
                guard let order = window.selected else { return .none }
                let backend = environment.backend
                return .run {
                    do {
                        return ConsoleEvent.orderUpdated(try await backend.queryOrder(outTradeNo: order.outTradeNo))
                    } catch {
                        return ConsoleEvent.alert(outTradeNo: order.outTradeNo, message: String(describing: error))
                    }
                }
            default:
                return .unhandled
            }
        } catch {
            problem = environment.message(for: error)
        }
        return .none
    }

    private func handleSearch(_ action: Action) -> PaneCommand {
        switch action {
        case .confirm:
            searching = false
            reload()
        case .cancel, .escape:
            searching = false
            searchField = Self.emptySearch()
            reload()
        default:
            searchField.apply(action)
        }
        return .none
    }

    /// The search field, empty: a cleared search is the field the pane starts with.
    private static func emptySearch() -> TextField { TextField(maximumLength: 64) }

    public func handleText(_ character: Character) -> PaneCommand {
        guard searching else { return .unhandled }
        searchField.insert(character)
        return .none
    }

    public func handleMouse(_ event: MouseEvent) -> PaneCommand {
        switch event {
        case .wheelUp: return handle(.moveUp)
        case .wheelDown: return handle(.moveDown)
        case .click(let point):
            // Rows start three lines below the pane top (filter line, header); `lastArea` is set by render.
            let offset = point.row - lastListRow
            guard offset >= 0, offset < visibleRows else { return .none }
            let before = window.selection
            window.select(visibleOffset: offset)
            if window.selection == before, let order = window.selected {
                return .push(OrderDetailPane(environment: environment, order: order))
            }
            return .none
        }
    }

    public func receive(_ event: any Sendable) {
        switch event {
        case ConsoleEvent.orderUpdated(let order) as ConsoleEvent:
            window.update(order)
        case ConsoleEvent.alert(let number, let message) as ConsoleEvent:
            problem = number + ": " + message
        default:
            break
        }
    }

    // MARK: - Drawing

    private var lastListRow = 0

    /// The filter line: status, date, search, count.
    func filterLine() -> String {
        let statuses = Self.statusFilters[statusFilterIndex]
        let statusText = statuses.isEmpty
            ? strings[.filterAll]
            : statuses.sorted { $0.rawValue < $1.rawValue }
                .map { StatusBadge.forState($0.rawValue, strings: strings).text }.joined(separator: ", ")
        let dateText: String
        switch dateFilter {
        case .all: dateText = strings[.filterAll]
        case .today: dateText = strings[.filterToday]
        case .sevenDays: dateText = strings[.filterSevenDays]
        case .thirtyDays: dateText = strings[.filterThirtyDays]
        }
        var parts = [strings[.filterStatusPrompt] + ": " + statusText, strings[.filterDateShort] + ": " + dateText]
        if !searchField.text.isEmpty { parts.append(strings[.paneSearch] + ": " + searchField.text) }
        if estimatedCount > 0 { parts.append(strings.format(.rowCount, ["count": String(estimatedCount)])) }
        return parts.joined(separator: "   ")
    }

    public func render(into surface: inout Surface, area: CellRect, theme: Theme) {
        surface.fill(area, role: .background)
        let width = area.width
        if searching {
            surface.put(text: strings[.searchPrompt] + ": ", at: CellPoint(row: area.row, column: 1), role: .accent,
                        attributes: .bold)
            let promptWidth = DisplayWidth.of(strings[.searchPrompt]) + 3
            searchField.render(into: &surface, at: CellPoint(row: area.row, column: promptWidth),
                               width: max(10, width - promptWidth - 2))
        } else {
            surface.put(text: " " + filterLine(), at: CellPoint(row: area.row, column: 0), role: .muted,
                        maxWidth: width)
        }
        OrderRows.header(width: width, strings: strings)
            .draw(into: &surface, at: CellPoint(row: area.row + 1, column: 0), maxWidth: width, attributes: .bold)
        lastListRow = area.row + 2
        visibleRows = max(1, area.height - 3)
        if window.rows.isEmpty {
            let empty = searchField.text.isEmpty && statusFilterIndex == 0 && dateFilter == .all
                ? strings[.noOrders] : strings[.noMatches]
            surface.put(text: empty, at: CellPoint(row: area.row + 3, column: 2), role: .muted, maxWidth: width - 4)
        }
        if window.selection >= window.top + visibleRows || window.selection < window.top {
            try? window.move(by: 0, visible: visibleRows)
        }
        for offset in 0..<visibleRows {
            let index = window.top + offset
            guard window.rows.indices.contains(index) else { break }
            let segments = OrderRows.row(window.rows[index], width: width, strings: strings)
            let isSelected = index == window.selection
            if isSelected {
                surface.fill(CellRect(row: lastListRow + offset, column: 0, width: width, height: 1), role: .selection)
            }
            segments.draw(into: &surface, at: CellPoint(row: lastListRow + offset, column: 0), maxWidth: width,
                          attributes: isSelected ? .bold : [], overrideRole: isSelected ? .selection : nil)
            if isSelected, let badge = segments.dropLast().last {
                // Keep the status colour visible on the selected row too.
                let column = segments.dropLast(2).reduce(0) { $0 + DisplayWidth.of($1.text) }
                surface.put(text: badge.text, at: CellPoint(row: lastListRow + offset, column: column),
                            role: badge.role, attributes: [.bold, .reverse], maxWidth: max(0, width - column))
            }
        }
        if let problem {
            surface.put(text: problem, at: CellPoint(row: area.row + area.height - 1, column: 1), role: .failed,
                        maxWidth: width - 2)
        }
    }
}
