/// The key of every user-facing string; each language table has all of them (a test checks).
public enum L10nKey: String, CaseIterable, Sendable, Hashable {
    // Panes.
    case appName, paneOrders, paneOrderDetail, paneCheckout, paneQR, paneNotifications, paneNotificationDetail
    case paneRefund, paneSearch, paneConfirm, paneHelp
    // Order and refund states (status words go with a glyph: ✓ PAID, … PENDING, ✗ FAILED, ↺ REFUNDED).
    case statusCreated, statusPending, statusPaid, statusRefunding, statusPartiallyRefunded, statusRefunded
    case statusClosed, statusFailed, statusExpired, statusRefundSuccess, statusRefundAbnormal, statusRefundClosed
    // Status bar.
    case badgeSandbox, badgeProduction, statusBarMerchant, statusBarListener, statusBarListenerOff
    // Size guard.
    case terminalTooSmall, terminalTooSmallHint
    // Checkout and QR.
    case checkoutAmountPrompt, checkoutDescriptionPrompt, checkoutDefaultDescription, checkoutInvalidAmount
    case checkoutCreating, qrScanPrompt, qrCustomerConfirming, qrPaid, qrPaidAmount, qrExpired, qrExpiresIn
    case qrRefreshHint, qrNextSaleHint, qrTooSmall, qrRefreshing, qrCheckingNow, qrSimulatingPay
    // Orders list and detail.
    case columnTime, columnOrder, columnStatus, columnAmount, columnDescription
    case fieldOrderNumber, fieldTransactionID, fieldAmount, fieldPaidAmount, fieldRefundedAmount
    case fieldRefundable, fieldPayer, fieldDescription, fieldCreatedAt, fieldPaidAt, fieldExpiresAt
    case sectionTimeline, sectionRefunds, sectionRawSnapshots, sectionNotifications
    case searchPrompt, filterStatusPrompt, filterDatePrompt, filterAll, filterActive, noOrders, noMatches, loading
    case rowCount, filterToday, filterSevenDays, filterThirtyDays, filterDateShort, fieldFee, checkoutIdleHint
    // Refunds.
    case refundAmountPrompt, refundReasonPrompt, refundConfirm, refundSubmitted, refundMaximum
    case refundInvalidAmount, refundNothingRefundable
    // Notifications.
    case columnEventType, columnSignature, columnDecrypt, columnOutcome, columnHTTP
    case verdictValid, verdictInvalid, outcomeApplied, outcomeDuplicate, outcomeRejected, outcomeQueued
    case sectionHeaders, sectionEnvelope, sectionResource, replayDone, noNotifications
    // Dialogs.
    case confirmQuitPendingQR, confirmCloseOrder, confirmCancelCheckout, confirmChoices, yes, no
    // Help.
    case helpTitle, helpContextKeys, helpGlobalKeys, helpClose
    // Errors.
    case errorPrefix, errorNetwork, errorThemeFallback, errorNotSandbox, errorUnknownKey
}
