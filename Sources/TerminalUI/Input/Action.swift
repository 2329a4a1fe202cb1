/// Every user action of the console: keymaps bind keys to these, help and hints are generated from them.
///
/// Labels (for hints) and one-line descriptions (for help) live in the string tables (`Strings`).
public enum Action: String, CaseIterable, Sendable, Hashable {
    // Navigation between panes.
    case showOrders, showCheckout, showNotifications, help, back, quit, redraw
    // Sales.
    case newCheckout, refreshQR, checkNow, simulatePay, cancelCheckout, nextSale
    // Orders and notifications.
    case open, escape, search, refund, closeOrder, replay, filterStatus, filterDate, filterEvent, clearFilters, toggleRaw
    // Moving in lists and text.
    case moveUp, moveDown, moveLeft, moveRight, pageUp, pageDown, home, end
    // Forms and dialogs.
    case confirm, cancel, nextField, previousField, deleteBackward
}
