/// Where keys are interpreted: one keymap per pane (and per pane state where keys change meaning).
public enum KeymapContext: String, CaseIterable, Sendable, Hashable {
    case orders, orderDetail, checkoutIdle, checkoutForm, qrWaiting, qrExpired, qrPaid
    case notifications, notificationDetail, refundForm, search, confirm, help

    /// Contexts with a text field: typed characters go to the field, so global letter keys are off.
    /// The PAID screen takes every typed key as "next sale".
    public var capturesText: Bool {
        switch self {
        case .checkoutForm, .refundForm, .search, .qrPaid: return true
        default: return false
        }
    }
}
