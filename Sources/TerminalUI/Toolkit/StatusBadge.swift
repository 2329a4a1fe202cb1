/// How a state is shown: never by colour alone, always a glyph and a word (✓ PAID, … PENDING).
public struct StatusBadge: Sendable, Equatable {
    /// Glyph and word, e.g. `✓ PAID`.
    public var text: String
    /// The theme role for it.
    public var role: StyleRole

    /// The badge for a state name as spelled in DESIGN.md §4 (`PAID`, `PARTIALLY_REFUNDED`…) or a refund
    /// state (`SUCCESS`, `ABNORMAL`, `PROCESSING`); `EXPIRED` is shown for a closed order that timed out.
    public static func forState(_ name: String, strings: Strings) -> StatusBadge {
        switch name.uppercased() {
        case "CREATED": return StatusBadge(text: "· " + strings[.statusCreated], role: .pending)
        case "PENDING", "NOTPAY", "USERPAYING": return StatusBadge(text: "… " + strings[.statusPending], role: .pending)
        case "PAID": return StatusBadge(text: "✓ " + strings[.statusPaid], role: .paid)
        case "REFUNDING", "PROCESSING": return StatusBadge(text: "↻ " + strings[.statusRefunding], role: .refunding)
        case "PARTIALLY_REFUNDED":
            return StatusBadge(text: "↺ " + strings[.statusPartiallyRefunded], role: .refunded)
        case "REFUNDED": return StatusBadge(text: "↺ " + strings[.statusRefunded], role: .refunded)
        case "CLOSED": return StatusBadge(text: "⊘ " + strings[.statusClosed], role: .closed)
        case "EXPIRED": return StatusBadge(text: "⊘ " + strings[.statusExpired], role: .closed)
        case "FAILED", "PAYERROR": return StatusBadge(text: "✗ " + strings[.statusFailed], role: .failed)
        case "SUCCESS": return StatusBadge(text: "✓ " + strings[.statusRefundSuccess], role: .refunded)
        case "ABNORMAL": return StatusBadge(text: "! " + strings[.statusRefundAbnormal], role: .alert)
        default: return StatusBadge(text: "? " + name, role: .muted)
        }
    }
}
