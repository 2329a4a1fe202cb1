import Foundation
import PayCore

/// One order: its fields, refunds and timeline; `v` shows the raw record of the selected timeline line.
public final class OrderDetailPane: Pane {
    private let environment: ConsoleEnvironment
    private var strings: Strings { environment.strings }
    private(set) var order: OrderRecord
    private(set) var timeline: [TimelineEntry] = []
    private(set) var selection = 0
    private(set) var showsRaw = false
    private var rawScroll = 0
    private var notice: String?

    /// The detail of `order`.
    public init(environment: ConsoleEnvironment, order: OrderRecord) {
        self.environment = environment
        self.order = order
    }

    public var title: String { strings[.paneOrderDetail] + " " + order.outTradeNo }
    public var context: KeymapContext { .orderDetail }

    public func activate() { reload() }

    /// Reads the order and its timeline again.
    func reload() {
        let store = environment.backend.store
        if let fresh = try? store.order(outTradeNo: order.outTradeNo) { order = fresh }
        timeline = (try? store.timeline(outTradeNo: order.outTradeNo)) ?? []
        selection = min(selection, max(0, timeline.count - 1))
    }

    /// The raw JSON of the selected timeline line.
    func rawText() -> String {
        guard timeline.indices.contains(selection) else { return "{}" }
        let entry = timeline[selection]
        let store = environment.backend.store
        let number = order.outTradeNo
        switch entry.kind {
        case .apiCall:
            return DetailText.json((try? store.apiCalls(outTradeNo: number))?.first { $0.id == entry.rowID })
        case .notification:
            return DetailText.json(entry.rowID.flatMap { try? store.notification(id: $0) })
        case .refund:
            return DetailText.json((try? store.refunds(outTradeNo: number))?.first { $0.id == entry.rowID })
        case .snapshot:
            return DetailText.json((try? store.snapshots(outTradeNo: number))?.first { $0.id == entry.rowID })
        case .webhook:
            return DetailText.json(order.id.flatMap { try? store.webhookDeliveries(orderID: $0) })
        case .orderCreated, .orderPaid, .orderClosed:
            return DetailText.json(order)
        }
    }

    public func handle(_ action: Action) -> PaneCommand {
        switch action {
        case .moveDown:
            if showsRaw { rawScroll += 1 } else { selection = min(selection + 1, max(0, timeline.count - 1)) }
        case .moveUp:
            if showsRaw { rawScroll = max(0, rawScroll - 1) } else { selection = max(0, selection - 1) }
        case .pageDown: if showsRaw { rawScroll += 10 } else { selection = min(selection + 10, max(0, timeline.count - 1)) }
        case .pageUp: if showsRaw { rawScroll = max(0, rawScroll - 10) } else { selection = max(0, selection - 10) }
        case .home: selection = 0; rawScroll = 0
        case .end: selection = max(0, timeline.count - 1)
        case .toggleRaw:
            showsRaw.toggle()
            rawScroll = 0
        case .refund:
            return .push(RefundPane(environment: environment, order: order))
        case .checkNow:
            notice = strings[.qrCheckingNow]
            let backend = environment.backend
            let number = order.outTradeNo
            return .run {
                do {
                    return ConsoleEvent.orderUpdated(try await backend.queryOrder(outTradeNo: number))
                } catch {
                    return ConsoleEvent.alert(outTradeNo: number, message: String(describing: error))
                }
            }
        case .escape:
            if showsRaw { showsRaw = false } else { return .pop }
        default:
            return .unhandled
        }
        return .none
    }

    public func receive(_ event: any Sendable) {
        switch event {
        case ConsoleEvent.orderUpdated(let updated) as ConsoleEvent where updated.outTradeNo == order.outTradeNo:
            notice = nil
            reload()
        case ConsoleEvent.refundUpdated(let refund) as ConsoleEvent where refund.orderID == order.id:
            reload()
        case ConsoleEvent.notificationProcessed(let record) as ConsoleEvent where record.outTradeNo == order.outTradeNo:
            reload()
        case ConsoleEvent.alert(let number, let message) as ConsoleEvent where number == order.outTradeNo:
            notice = strings[.errorPrefix] + ": " + message
        default:
            break
        }
    }

    public func render(into surface: inout Surface, area: CellRect, theme: Theme) {
        surface.fill(area, role: .background)
        let fields = DetailText.fields(of: order, strings: strings)
        let labelWidth = min(18, (fields.map { DisplayWidth.of($0.label) }.max() ?? 10) + 2)
        let fieldColumns = area.width >= 110 ? 2 : 1
        let columnWidth = area.width / fieldColumns
        let fieldRows = (fields.count + fieldColumns - 1) / fieldColumns
        for (index, field) in fields.enumerated() {
            let row = area.row + index % fieldRows
            let column = area.column + 1 + (index / fieldRows) * columnWidth
            surface.put(text: TableColumns.fit(field.label, width: labelWidth), at: CellPoint(row: row, column: column),
                        role: .muted)
            let role: StyleRole = field.label == strings[.columnStatus]
                ? StatusBadge.forState(OrderRows.stateName(of: order), strings: strings).role : .text
            surface.put(text: field.value, at: CellPoint(row: row, column: column + labelWidth), role: role,
                        attributes: role == .text ? [] : .bold, maxWidth: columnWidth - labelWidth - 2)
        }
        var row = area.row + fieldRows + 1
        let bottom = area.row + area.height - (notice == nil ? 0 : 1)
        surface.horizontalLine(row: row, from: area.column, to: area.column + area.width - 1)
        let heading = showsRaw ? strings[.sectionRawSnapshots] : strings[.sectionTimeline]
        surface.put(text: " " + heading + " ", at: CellPoint(row: row, column: area.column + 2), role: .title,
                    attributes: .bold)
        row += 1
        if showsRaw {
            let lines = rawText().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            rawScroll = min(rawScroll, max(0, lines.count - 1))
            for line in lines.dropFirst(rawScroll) where row < bottom {
                surface.put(text: line, at: CellPoint(row: row, column: area.column + 1), role: .text,
                            maxWidth: area.width - 2)
                row += 1
            }
        } else {
            let visible = max(1, bottom - row)
            let first = max(0, min(selection - visible + 1, timeline.count - visible))
            for (index, entry) in timeline.enumerated().dropFirst(max(0, first)) where row < bottom {
                let text = DetailText.timelineLine(entry, width: area.width - 2)
                let isSelected = index == selection
                surface.put(text: text, at: CellPoint(row: row, column: area.column + 1),
                            role: isSelected ? .selection : (entry.kind == .notification ? .accent : .text))
                row += 1
            }
        }
        if let notice {
            surface.put(text: notice, at: CellPoint(row: area.row + area.height - 1, column: area.column + 1),
                        role: .pending, maxWidth: area.width - 2)
        }
    }
}
