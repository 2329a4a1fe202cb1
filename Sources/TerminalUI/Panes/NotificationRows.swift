import Foundation
import PayCore

/// Pure renderers for the notifications list.
public enum NotificationRows {
    /// Column widths: time, event, order, signature, decrypt, outcome (rest), HTTP.
    public struct Layout: Sendable, Equatable {
        public var time = 14
        public var event = 22
        public var order: Int
        public var signature = 12
        public var decrypt = 9
        public var outcome: Int
        public var http = 4

        /// Splits what is left between order number (up to 32) and outcome.
        public init(width: Int) {
            let fixed = time + event + signature + decrypt + http + 7
            let flexible = max(0, width - fixed)
            order = min(32, max(6, flexible / 2))
            outcome = max(0, flexible - order)
        }
    }

    /// The signature verdict as glyph + word, and its role.
    public static func signature(_ record: NotificationRecord, strings: Strings) -> RowSegment {
        switch record.verdict {
        case "verified": return RowSegment(strings[.verdictValid], role: .paid)
        case "rejected": return RowSegment(strings[.verdictInvalid], role: .failed)
        default: return RowSegment("… " + record.verdict, role: .pending)
        }
    }

    /// The decrypt verdict as glyph + word.
    public static func decrypt(_ record: NotificationRecord) -> RowSegment {
        switch record.decryptVerdict {
        case "ok"?: return RowSegment("✓ ok", role: .paid)
        case "failed"?: return RowSegment("✗ failed", role: .failed)
        case let other?: return RowSegment("– " + other, role: .muted)
        case nil: return RowSegment("–", role: .muted)
        }
    }

    /// What the core did, e.g. `applied`, `duplicate`, `rejected: bad_signature`.
    public static func outcome(_ record: NotificationRecord, strings: Strings) -> RowSegment {
        let detail = record.outcomeDetail ?? record.verdictDetail ?? ""
        switch record.outcome {
        case "applied"?: return RowSegment("✓ " + strings[.outcomeApplied], role: .paid)
        case "duplicate"?: return RowSegment("= " + strings[.outcomeDuplicate], role: .muted)
        // Stored and acknowledged, applied when the writer catches up (the row is replaced then).
        case "queued"?: return RowSegment("… " + strings[.outcomeQueued], role: .pending)
        case "rejected"?: return RowSegment("✗ " + strings.format(.outcomeRejected, ["reason": detail]), role: .failed)
        case let other?: return RowSegment("! " + other + (detail.isEmpty ? "" : ": " + detail), role: .alert)
        case nil: return RowSegment("…", role: .pending)
        }
    }

    /// The column titles.
    public static func header(width: Int, strings: Strings) -> [RowSegment] {
        let layout = Layout(width: width)
        let titles: [(String, Int)] = [
            (strings[.columnTime], layout.time), (strings[.columnEventType], layout.event),
            (strings[.columnOrder], layout.order), (strings[.columnSignature], layout.signature),
            (strings[.columnDecrypt], layout.decrypt), (strings[.columnOutcome], layout.outcome),
            (strings[.columnHTTP], layout.http),
        ]
        // A gap after every column but the last, as in `row`, so the header is exactly as wide as a row.
        return [RowSegment(" ", role: .title)]
            + titles.enumerated().map { index, title in
                RowSegment(TableColumns.fit(title.0, width: title.1) + (index == titles.count - 1 ? "" : " "),
                           role: .title)
            }
    }

    /// One notification as a row.
    public static func row(_ record: NotificationRecord, width: Int, strings: Strings, timeZone: TimeZone = .current)
        -> [RowSegment]
    {
        let layout = Layout(width: width)
        let signature = signature(record, strings: strings)
        let decrypt = decrypt(record)
        let outcome = outcome(record, strings: strings)
        let http = record.httpStatus.map(String.init) ?? "–"
        let event = record.eventType ?? record.protocolVersion
        return [
            RowSegment(" " + TableColumns.fit(OrderRows.shortTime(record.receivedAt, timeZone: timeZone),
                                              width: layout.time) + " ", role: .muted),
            RowSegment(TableColumns.fit(event, width: layout.event) + " "),
            RowSegment(TableColumns.fit(record.outTradeNo ?? "–", width: layout.order) + " "),
            RowSegment(TableColumns.fit(signature.text, width: layout.signature) + " ", role: signature.role),
            RowSegment(TableColumns.fit(decrypt.text, width: layout.decrypt) + " ", role: decrypt.role),
            RowSegment(TableColumns.fit(outcome.text, width: layout.outcome) + " ", role: outcome.role),
            RowSegment(TableColumns.fit(http, width: layout.http, alignment: .right),
                       role: (record.httpStatus ?? 0) >= 400 ? .failed : .text),
        ]
    }
}
