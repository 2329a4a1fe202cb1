import Foundation
import PayCore

/// Pure texts of the order detail pane.
public enum DetailText {
    /// `label  value` lines for the order's fields (amounts in yuan, times local).
    public static func fields(of order: OrderRecord, strings: Strings, timeZone: TimeZone = .current)
        -> [(label: String, value: String)]
    {
        func yuan(_ fen: Int) -> String { "¥" + AmountParser.formatYuan(fen, grouped: true) }
        func time(_ date: Date?) -> String { date.map { longTime($0, timeZone: timeZone) } ?? "—" }
        let badge = StatusBadge.forState(OrderRows.stateName(of: order), strings: strings)
        var lines: [(String, String)] = [
            (strings[.fieldOrderNumber], order.outTradeNo),
            (strings[.columnStatus], badge.text + (order.closeReason.map { " (\($0))" } ?? "")),
            (strings[.fieldAmount], yuan(order.total) + " " + order.currency),
            (strings[.fieldPaidAmount], order.payerTotal.map(yuan) ?? "—"),
            (strings[.fieldRefundedAmount], yuan(order.refundedTotal)),
            (strings[.fieldRefundable], order.status.isPaid ? yuan(max(0, order.total - order.refundedTotal)) : "—"),
            (strings[.fieldFee], yuan(order.fee)),
            (strings[.fieldDescription], order.description),
            (strings[.fieldTransactionID], order.transactionID ?? "—"),
            (strings[.fieldPayer], order.payerOpenID ?? "—"),
            (strings[.fieldCreatedAt], time(order.createdAt)),
            (strings[.fieldExpiresAt], time(order.expiresAt)),
            (strings[.fieldPaidAt], time(order.paidAt)),
        ]
        if let reason = order.failureReason { lines.append((strings[.statusFailed], reason)) }
        if !order.alertCodes.isEmpty { lines.append(("!", order.alertCodes)) }
        return lines
    }

    /// Local time as `yyyy-MM-dd HH:mm:ss`.
    public static func longTime(_ date: Date, timeZone: TimeZone = .current) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let year = calendar.component(.year, from: date)
        return String(year) + "-" + OrderRows.shortTime(date, timeZone: timeZone)
    }

    /// One timeline line: local time, kind and title, fitted to `width`.
    public static func timelineLine(_ entry: TimelineEntry, width: Int, timeZone: TimeZone = .current) -> String {
        let kind = TableColumns.fit(entry.kind.rawValue, width: 12)
        return TableColumns.fit(OrderRows.shortTime(entry.time, timeZone: timeZone) + "  " + kind + " " + entry.title,
                                width: width)
    }

    /// Pretty JSON of a record for the raw view.
    public static func json<Value: Encodable>(_ value: Value) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
