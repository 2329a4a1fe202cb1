import Foundation
import PayCore

/// One notification: verdicts, headers, the envelope as received and the decrypted resource; `R` replays it.
public final class NotificationDetailPane: Pane {
    private let environment: ConsoleEnvironment
    private var strings: Strings { environment.strings }
    private(set) var record: NotificationRecord
    private var scroll = 0
    private var notice: String?

    /// The detail of `record`.
    public init(environment: ConsoleEnvironment, record: NotificationRecord) {
        self.environment = environment
        self.record = record
    }

    public var title: String { strings[.paneNotificationDetail] + " #" + String(record.id ?? 0) }
    public var context: KeymapContext { .notificationDetail }

    /// Every line the pane shows, before scrolling.
    public static func lines(for record: NotificationRecord, strings: Strings) -> [String] {
        var lines = [
            strings[.columnEventType] + ": " + (record.eventType ?? "–") + "   " + record.protocolVersion + " "
                + (record.path ?? ""),
            strings[.columnOrder] + ": " + (record.outTradeNo ?? "–")
                + (record.outRefundNo.map { "   refund " + $0 } ?? ""),
            strings[.columnSignature] + ": " + NotificationRows.signature(record, strings: strings).text
                + (record.verdictDetail.map { " (" + $0 + ")" } ?? ""),
            strings[.columnDecrypt] + ": " + NotificationRows.decrypt(record).text,
            strings[.columnOutcome] + ": " + NotificationRows.outcome(record, strings: strings).text,
            strings[.columnHTTP] + ": " + (record.httpStatus.map(String.init) ?? "–") + "   ×"
                + String(record.deliveryCount) + (record.duplicateOf.map { "   = #" + String($0) } ?? ""),
            "", "── " + strings[.sectionHeaders] + " ──",
        ]
        lines += pretty(record.headersJSON)
        lines += ["", "── " + strings[.sectionEnvelope] + " ──"]
        lines += pretty(record.body)
        lines += ["", "── " + strings[.sectionResource] + " ──"]
        lines += record.decryptedResource.map(pretty) ?? ["–"]
        return lines
    }

    /// JSON pretty-printed when it parses, else the text as is; split into lines.
    static func pretty(_ text: String) -> [String] {
        if let data = text.data(using: .utf8), let object = try? JSONSerialization.jsonObject(with: data),
           let formatted = try? JSONSerialization.data(
               withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        {
            return String(decoding: formatted, as: UTF8.self).components(separatedBy: "\n")
        }
        return text.components(separatedBy: "\n")
    }

    public func handle(_ action: Action) -> PaneCommand {
        switch action {
        case .moveDown: scroll += 1
        case .moveUp: scroll = max(0, scroll - 1)
        case .pageDown: scroll += 10
        case .pageUp: scroll = max(0, scroll - 10)
        case .home: scroll = 0
        case .replay: return NotificationsPane.replay(record, environment: environment)
        case .escape: return .pop
        default: return .unhandled
        }
        return .none
    }

    public func receive(_ event: any Sendable) {
        if let result = event as? ReplayResult {
            notice = strings.format(.replayDone, ["outcome": NotificationRows.outcome(result.record, strings: strings).text])
        }
    }

    public func render(into surface: inout Surface, area: CellRect, theme: Theme) {
        surface.fill(area, role: .background)
        let lines = Self.lines(for: record, strings: strings)
        scroll = min(scroll, max(0, lines.count - 1))
        let height = area.height - (notice == nil ? 0 : 1)
        for (offset, line) in lines.dropFirst(scroll).prefix(height).enumerated() {
            surface.put(text: line, at: CellPoint(row: area.row + offset, column: area.column + 1),
                        role: line.hasPrefix("──") ? .title : .text, maxWidth: area.width - 2)
        }
        if let notice {
            surface.put(text: notice, at: CellPoint(row: area.row + area.height - 1, column: 1), role: .accent,
                        maxWidth: area.width - 2)
        }
    }
}
