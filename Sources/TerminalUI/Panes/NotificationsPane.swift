import Foundation
import PayCore

/// A result of a replay, for the notifications panes.
struct ReplayResult: Sendable {
    let record: NotificationRecord
}

/// The developer's pane: every inbound notification as it arrives, with verdicts; Enter opens one, `R` replays.
public final class NotificationsPane: Pane {
    /// Verdict filters `f` cycles through (nil = all).
    static let verdictFilters: [String?] = [nil, "verified", "rejected"]
    /// Event-type filters `e` cycles through, as prefixes of `event_type` (nil = all).
    static let eventFilters: [String?] = [nil, "TRANSACTION.", "REFUND."]

    private let environment: ConsoleEnvironment
    private var strings: Strings { environment.strings }
    private(set) var records: [NotificationRecord] = []
    private(set) var selection = 0
    private var top = 0
    private var visibleRows = 20
    private var filterIndex = 0
    private var eventFilterIndex = 0
    private var loaded = false
    private var notice: String?
    private var listRow = 0
    /// Most rows kept in the live list.
    let limit = 500

    /// A notifications list over the environment's store.
    public init(environment: ConsoleEnvironment) {
        self.environment = environment
    }

    public var title: String { strings[.paneNotifications] }
    public var context: KeymapContext { .notifications }

    public func activate() {
        if !loaded { reload() }
    }

    func reload() {
        let verdict = Self.verdictFilters[filterIndex]
        let eventType = Self.eventFilters[eventFilterIndex]
        do {
            records = try environment.backend.store.notifications(verdict: verdict, eventTypePrefix: eventType,
                                                                  limit: limit)
            notice = nil
        } catch {
            notice = environment.message(for: error)
        }
        selection = min(selection, max(0, records.count - 1))
        loaded = true
    }

    /// The selected notification.
    var selected: NotificationRecord? { records.indices.contains(selection) ? records[selection] : nil }

    private func moveSelection(by delta: Int) {
        selection = min(max(0, selection + delta), max(0, records.count - 1))
        if selection < top { top = selection }
        if selection >= top + visibleRows { top = selection - visibleRows + 1 }
    }

    public func handle(_ action: Action) -> PaneCommand {
        switch action {
        case .moveDown: moveSelection(by: 1)
        case .moveUp: moveSelection(by: -1)
        case .pageDown: moveSelection(by: visibleRows)
        case .pageUp: moveSelection(by: -visibleRows)
        case .home: moveSelection(by: -records.count)
        case .end: moveSelection(by: records.count)
        case .open:
            guard let record = selected else { return .none }
            return .push(NotificationDetailPane(environment: environment, record: record))
        case .replay:
            guard let record = selected else { return .none }
            return Self.replay(record, environment: environment)
        case .filterStatus:
            filterIndex = (filterIndex + 1) % Self.verdictFilters.count
            reload()
        case .filterEvent:
            eventFilterIndex = (eventFilterIndex + 1) % Self.eventFilters.count
            reload()
        case .clearFilters:
            filterIndex = 0
            eventFilterIndex = 0
            reload()
        default:
            return .unhandled
        }
        return .none
    }

    /// Replays `record` through the pipeline; the answer arrives as a `ReplayResult`.
    static func replay(_ record: NotificationRecord, environment: ConsoleEnvironment) -> PaneCommand {
        guard let id = record.id else { return .none }
        let backend = environment.backend
        return .run { ReplayResult(record: await backend.replayNotification(id: id)) }
    }

    public func handleMouse(_ event: MouseEvent) -> PaneCommand {
        switch event {
        case .wheelUp: return handle(.moveUp)
        case .wheelDown: return handle(.moveDown)
        case .click(let point):
            let index = top + point.row - listRow
            guard point.row >= listRow, records.indices.contains(index) else { return .none }
            if index == selection { return handle(.open) }
            selection = index
            return .none
        }
    }

    public func receive(_ event: any Sendable) {
        switch event {
        case ConsoleEvent.notificationProcessed(let record) as ConsoleEvent:
            insert(record)
        case let result as ReplayResult:
            insert(result.record)
            notice = strings.format(.replayDone, ["outcome": NotificationRows.outcome(result.record, strings: strings).text])
        default:
            break
        }
    }

    /// Adds or replaces `record` in the live list (newest first), keeping the selection on the same row.
    func insert(_ record: NotificationRecord) {
        if let verdict = Self.verdictFilters[filterIndex], record.verdict != verdict { return }
        if let prefix = Self.eventFilters[eventFilterIndex], !(record.eventType ?? "").hasPrefix(prefix) { return }
        if let index = records.firstIndex(where: { $0.id == record.id }) {
            records[index] = record
            return
        }
        records.insert(record, at: 0)
        if records.count > limit { records.removeLast() }
        if selection > 0 || top > 0 { selection += 1; top += 1 }
    }

    /// The filter line: signature verdict, event type, rows listed.
    func filterLine() -> String {
        let verdict = Self.verdictFilters[filterIndex] ?? strings[.filterAll]
        let event = Self.eventFilters[eventFilterIndex].map { $0 + "*" } ?? strings[.filterAll]
        return strings[.columnSignature] + ": " + verdict + "   " + strings[.columnEventType] + ": " + event + "   "
            + String(records.count)
    }

    public func render(into surface: inout Surface, area: CellRect, theme: Theme) {
        surface.fill(area, role: .background)
        let width = area.width
        surface.put(text: " " + filterLine(), at: CellPoint(row: area.row, column: 0), role: .muted, maxWidth: width)
        NotificationRows.header(width: width, strings: strings)
            .draw(into: &surface, at: CellPoint(row: area.row + 1, column: 0), maxWidth: width, attributes: .bold)
        listRow = area.row + 2
        visibleRows = max(1, area.height - 3)
        if records.isEmpty {
            surface.put(text: strings[.noNotifications], at: CellPoint(row: listRow + 1, column: 2), role: .muted)
        }
        for offset in 0..<visibleRows {
            let index = top + offset
            guard records.indices.contains(index) else { break }
            let isSelected = index == selection
            NotificationRows.row(records[index], width: width, strings: strings)
                .draw(into: &surface, at: CellPoint(row: listRow + offset, column: 0), maxWidth: width,
                      attributes: isSelected ? [.reverse, .bold] : [])
        }
        if let notice {
            surface.put(text: notice, at: CellPoint(row: area.row + area.height - 1, column: 1), role: .accent,
                        maxWidth: width - 2)
        }
    }
}
