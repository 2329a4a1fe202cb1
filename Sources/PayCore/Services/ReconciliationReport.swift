import Foundation

/// The comparison of one day's trade bill with the local orders and refunds.
public struct ReconciliationReport: Codable, Sendable, Equatable {
    /// One difference.
    public struct Difference: Codable, Sendable, Equatable {
        /// `payment` or `refund`.
        public var kind: String
        public var outTradeNo: String
        public var outRefundNo: String?
        /// Amount in fen in PayDesk, if known there.
        public var localAmount: Int?
        /// Amount in fen in the bill, if listed there.
        public var billAmount: Int?
        public var localStatus: String?
        public var billState: String?
        /// What differs, for people.
        public var note: String

        enum CodingKeys: String, CodingKey {
            case kind, note
            case outTradeNo = "out_trade_no", outRefundNo = "out_refund_no", localAmount = "local_amount"
            case billAmount = "bill_amount", localStatus = "local_status", billState = "bill_state"
        }
    }

    /// The bill date, `yyyy-MM-dd` (a China-time day).
    public var date: String
    /// In the bill, not in PayDesk (or not paid/refunded there).
    public var missingLocally: [Difference]
    /// Paid or refunded in PayDesk that day, not in the bill.
    public var missingRemotely: [Difference]
    /// In both, with different amounts or states.
    public var mismatched: [Difference]
    /// Rows that agree.
    public var matched: Int

    enum CodingKeys: String, CodingKey {
        case date, mismatched, matched
        case missingLocally = "missing_locally", missingRemotely = "missing_remotely"
    }

    /// True when the bill and PayDesk agree.
    public var isClean: Bool { missingLocally.isEmpty && missingRemotely.isEmpty && mismatched.isEmpty }

    /// A plain-text table for the terminal.
    public func table() -> String {
        var lines = ["Reconciliation \(date): \(matched) matched, \(missingLocally.count) missing locally, "
            + "\(missingRemotely.count) missing in the bill, \(mismatched.count) mismatched"]
        let sections = [("MISSING LOCALLY", missingLocally), ("MISSING IN BILL", missingRemotely), ("MISMATCHED", mismatched)]
        for (title, rows) in sections where !rows.isEmpty {
            lines.append("")
            lines.append(title)
            lines.append(pad("KIND", 8) + pad("OUT_TRADE_NO", 34) + pad("OUT_REFUND_NO", 34) + pad("LOCAL", 12) + pad("BILL", 12) + "NOTE")
            for row in rows {
                lines.append(
                    pad(row.kind, 8) + pad(row.outTradeNo, 34) + pad(row.outRefundNo ?? "-", 34)
                        + pad(row.localAmount.map { AmountParser.formatYuan($0) } ?? "-", 12)
                        + pad(row.billAmount.map { AmountParser.formatYuan($0) } ?? "-", 12) + row.note)
            }
        }
        return lines.joined(separator: "\n")
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
