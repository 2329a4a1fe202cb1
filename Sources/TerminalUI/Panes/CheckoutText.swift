import Foundation
import PayCore

/// Pure texts of the checkout pane: countdown, amount, status line.
public enum CheckoutText {
    /// `m:ss` (or `h:mm:ss`) left until `expiresAt`; `0:00` once passed.
    public static func countdown(until expiresAt: Date, now: Date) -> String {
        let seconds = max(0, Int(expiresAt.timeIntervalSince(now).rounded(.up)))
        let hours = seconds / 3600
        let minutes = (seconds % 3600) / 60
        let rest = seconds % 60
        let tail = String(format: "%02d", rest)
        return hours > 0 ? "\(hours):" + String(format: "%02d", minutes) + ":" + tail : "\(minutes):" + tail
    }

    /// `¥12.50` for the big digits.
    public static func bigAmount(_ fen: Int) -> String {
        "¥" + AmountParser.formatYuan(fen)
    }

    /// The live status line under the QR: customer confirming, or the badge of the order's state.
    public static func statusLine(for order: OrderRecord, strings: Strings) -> StatusBadge {
        if order.status == .pending, order.subState == PendingSubState.customerConfirming.rawValue
            || order.tradeState == "USERPAYING"
        {
            return StatusBadge(text: "… " + strings[.qrCustomerConfirming], role: .pending)
        }
        return StatusBadge.forState(OrderRows.stateName(of: order), strings: strings)
    }

    /// What the amount field says while typing: nil when fine so far, else why it cannot become an amount.
    public static func amountProblem(_ text: String) -> String? {
        switch AmountParser.validatePartial(text) {
        case .invalid(let error): return error.message
        case .empty, .incomplete, .valid: return nil
        }
    }
}
