/// The life of an order as PayDesk shows it (DESIGN §4); raw values are the contract spelling used in JSON.
public enum OrderStatus: String, Codable, Sendable, CaseIterable {
    case created = "CREATED"
    case pending = "PENDING"
    case paid = "PAID"
    case refunding = "REFUNDING"
    case partiallyRefunded = "PARTIALLY_REFUNDED"
    case refunded = "REFUNDED"
    case closed = "CLOSED"
    case failed = "FAILED"

    /// Status is never told by colour alone: this glyph goes in front of the word.
    public var glyph: String {
        switch self {
        case .created: return "○"
        case .pending: return "…"
        case .paid: return "✓"
        case .refunding: return "↻"
        case .partiallyRefunded: return "↺"
        case .refunded: return "↺"
        case .closed: return "⊘"
        case .failed: return "✗"
        }
    }

    /// The English word shown next to the glyph (the contract spelling with spaces).
    public var word: String { rawValue.replacingOccurrences(of: "_", with: " ") }

    /// Glyph and word, e.g. `✓ PAID`.
    public var label: String { "\(glyph) \(word)" }

    /// True once money moved to the merchant (refunds may still follow).
    public var isPaid: Bool {
        switch self {
        case .paid, .refunding, .partiallyRefunded, .refunded: return true
        case .created, .pending, .closed, .failed: return false
        }
    }

    /// True while the customer may still pay (polling continues).
    public var isAwaitingPayment: Bool { self == .created || self == .pending }
}

/// Why an order was closed; `expired` is shown as EXPIRED.
public enum CloseReason: String, Codable, Sendable, CaseIterable {
    /// The QR's time_expire passed.
    case expired = "EXPIRED"
    /// The cashier cancelled the sale.
    case cancelled = "CANCELLED"
    /// The cashier pressed refresh: this order was closed and a new one created.
    case refreshed = "REFRESHED"
    /// WeChat Pay reported CLOSED without a local close (auto-close, merchant platform).
    case remoteClosed = "REMOTE_CLOSED"
    /// WeChat Pay reported REVOKED (payment-code orders).
    case revoked = "REVOKED"
}

/// A finer state inside PENDING.
public enum PendingSubState: String, Codable, Sendable {
    /// WeChat Pay says USERPAYING: the customer is confirming (password entry).
    case customerConfirming = "CUSTOMER_CONFIRMING"
}

/// The state of one refund as WeChat Pay reports it.
public enum RefundState: String, Codable, Sendable, CaseIterable {
    case processing = "PROCESSING"
    case success = "SUCCESS"
    case closed = "CLOSED"
    case abnormal = "ABNORMAL"

    /// True while the money is committed to the refund (it counts against the refundable remainder).
    public var holdsMoney: Bool { self != .closed }
}
