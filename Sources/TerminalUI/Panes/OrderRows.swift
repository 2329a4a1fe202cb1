import Foundation
import PayCore

/// Pure renderers for the order list: header and rows fitted to a width.
public enum OrderRows {
    /// Column widths for a table `width` columns wide: time, order number, description, amount, status, refunded.
    public struct Layout: Sendable, Equatable {
        public var time = 14
        public var order: Int
        public var description: Int
        public var amount = 11
        public var status = 20
        public var refunded = 10

        /// Splits what is left after the fixed columns between order number (up to 32) and description.
        public init(width: Int) {
            let fixed = time + amount + status + refunded + 5  // five single-space gaps
            let flexible = max(0, width - fixed - 1)
            order = min(32, max(8, flexible / 2))
            description = max(0, flexible - order)
        }
    }

    /// The state name a badge shows for `order`: EXPIRED for an order closed by expiry, else its status.
    public static func stateName(of order: OrderRecord) -> String {
        if order.status == .closed, order.closeReason == CloseReason.expired.rawValue { return "EXPIRED" }
        return order.status.rawValue
    }

    /// Local time as `MM-dd HH:mm:ss`.
    ///
    /// Integer fields at the zone's offset (`CalendarFields`) rather than `Calendar` + `String(format:)`: this runs
    /// for every visible row of every frame, where those cost 7 % of the orders pane's CPU per key.
    public static func shortTime(_ date: Date, timeZone: TimeZone = .current) -> String {
        let fields = CalendarFields(date, offsetSeconds: timeZone.secondsFromGMT(for: date))
        return CalendarFields.padded(fields.month, 2) + "-" + CalendarFields.padded(fields.day, 2) + " "
            + CalendarFields.padded(fields.hour, 2) + ":" + CalendarFields.padded(fields.minute, 2) + ":"
            + CalendarFields.padded(fields.second, 2)
    }

    /// The column titles.
    public static func header(width: Int, strings: Strings) -> [RowSegment] {
        let layout = Layout(width: width)
        return [
            RowSegment(" " + TableColumns.fit(strings[.columnTime], width: layout.time) + " ", role: .title),
            RowSegment(TableColumns.fit(strings[.columnOrder], width: layout.order) + " ", role: .title),
            RowSegment(TableColumns.fit(strings[.columnDescription], width: layout.description) + " ", role: .title),
            RowSegment(TableColumns.fit(strings[.columnAmount], width: layout.amount, alignment: .right) + " ",
                       role: .title),
            RowSegment(TableColumns.fit(strings[.columnStatus], width: layout.status) + " ", role: .title),
            RowSegment(TableColumns.fit(strings[.fieldRefundedAmount], width: layout.refunded, alignment: .right),
                       role: .title),
        ]
    }

    /// One order as a row: time, number, description, amount, status (glyph + word in its colour), refunded.
    public static func row(_ order: OrderRecord, width: Int, strings: Strings, timeZone: TimeZone = .current)
        -> [RowSegment]
    {
        let layout = Layout(width: width)
        let badge = StatusBadge.forState(stateName(of: order), strings: strings)
        let refunded = order.refundedTotal > 0 ? AmountParser.formatYuan(order.refundedTotal, grouped: true) : ""
        return [
            RowSegment(" " + TableColumns.fit(shortTime(order.createdAt, timeZone: timeZone), width: layout.time) + " ",
                       role: .muted),
            RowSegment(TableColumns.fit(order.outTradeNo, width: layout.order) + " "),
            RowSegment(TableColumns.fit(order.description, width: layout.description) + " "),
            RowSegment(TableColumns.fit(AmountParser.formatYuan(order.total, grouped: true), width: layout.amount,
                                        alignment: .right) + " "),
            RowSegment(TableColumns.fit(badge.text, width: layout.status) + " ", role: badge.role),
            RowSegment(TableColumns.fit(refunded, width: layout.refunded, alignment: .right), role: .refunded),
        ]
    }
}
