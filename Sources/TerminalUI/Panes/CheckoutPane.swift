import Foundation
import PayCore

/// A result of the checkout pane's async work, tagged with the sale it belongs to.
struct CheckoutResult: Sendable {
    enum Kind: Sendable {
        case created(OrderRecord)
        case watched(OrderRecord)
        case failed(String)
        case notice(String)
    }
    let sale: Int
    let kind: Kind
}

/// The cashier's pane: amount entry, then the QR with big amount and countdown, then a full-pane PAID.
public final class CheckoutPane: Pane {
    /// Where the sale is.
    enum Stage {
        case idle
        case form
        case creating
        case waiting(OrderRecord)
        case paid(OrderRecord)
        case ended(OrderRecord)
    }

    private let environment: ConsoleEnvironment
    private var strings: Strings { environment.strings }
    private(set) var stage: Stage = .idle
    private(set) var amountField = TextField.amount()
    private(set) var descriptionField = TextField(maximumLength: 64)
    private var focusOnDescription = false
    private(set) var notice: String?
    private var noticeIsError = false
    /// Counts sales so results of an abandoned sale are ignored.
    private var sale = 0
    private var watchTask: Task<Void, Never>?
    private var matrixCache: (text: String, matrix: QRMatrix)?

    /// A checkout pane over `environment`.
    public init(environment: ConsoleEnvironment) {
        self.environment = environment
    }

    deinit { watchTask?.cancel() }

    public var title: String {
        switch stage {
        case .idle, .form, .creating: return strings[.paneCheckout]
        default: return strings[.paneQR]
        }
    }

    public var context: KeymapContext {
        switch stage {
        case .idle: return .checkoutIdle
        case .form: return .checkoutForm
        case .creating, .waiting: return isExpired ? .qrExpired : .qrWaiting
        case .paid: return .qrPaid
        case .ended: return .qrExpired
        }
    }

    public var quitConfirmation: String? {
        if case .waiting = stage, !isExpired { return strings[.confirmQuitPendingQR] }
        return nil
    }

    /// The order on screen, if any.
    public var currentOrder: OrderRecord? {
        switch stage {
        case .waiting(let order), .paid(let order), .ended(let order): return order
        case .idle, .form, .creating: return nil
        }
    }

    private var isExpired: Bool {
        guard case .waiting(let order) = stage, let expiresAt = order.expiresAt else { return false }
        return expiresAt <= environment.now()
    }

    // MARK: - Input

    public func handle(_ action: Action) -> PaneCommand {
        switch (stage, action) {
        case (_, .newCheckout), (.paid, .nextSale), (.paid, .escape):
            return startNewSale()
        case (.form, .confirm):
            return submit()
        case (.form, .nextField), (.form, .previousField):
            focusOnDescription.toggle()
            return .none
        case (.form, .cancel):
            // Esc leaves the form so the pane keys (1, 3, q) work again.
            startNewSale()
            stage = .idle
            return .none
        case (.form, _):
            if focusOnDescription { descriptionField.apply(action) } else { amountField.apply(action) }
            if action == .deleteBackward { validateAmount() }
            return .none
        case (.waiting(let order), .checkNow):
            environment.backend.checkNow(outTradeNo: order.outTradeNo)
            show(strings[.qrCheckingNow])
            return .none
        case (.waiting(let order), .simulatePay):
            return simulatePay(order)
        case (.waiting(let order), .refreshQR), (.ended(let order), .refreshQR):
            return refresh(order)
        case (.waiting(let order), .cancelCheckout):
            let question = strings[.confirmCancelCheckout]
            return .push(ConfirmPane(question: question, strings: strings) { [weak self] in
                self?.cancel(order) ?? .none
            })
        case (.ended, .cancelCheckout):
            return startNewSale()
        default:
            return .unhandled
        }
    }

    public func handleText(_ character: Character) -> PaneCommand {
        if case .paid = stage { return startNewSale() }
        guard case .form = stage else { return .unhandled }
        if focusOnDescription {
            descriptionField.insert(character)
        } else {
            amountField.insert(character)
            validateAmount()
        }
        return .none
    }

    private func validateAmount() {
        if let problem = CheckoutText.amountProblem(amountField.text) {
            show(problem, isError: true)
        } else {
            notice = nil
        }
    }

    private func show(_ text: String?, isError: Bool = false) {
        notice = text
        noticeIsError = isError
    }

    /// Leaves whatever sale is on screen and shows an empty form.
    @discardableResult
    func startNewSale() -> PaneCommand {
        watchTask?.cancel()
        watchTask = nil
        sale += 1
        stage = .form
        amountField = .amount()
        descriptionField = TextField(maximumLength: 64)
        focusOnDescription = false
        notice = nil
        return .none
    }

    private func submit() -> PaneCommand {
        let total: Int
        do {
            total = try AmountParser.parse(amountField.text)
        } catch {
            show(error.message, isError: true)
            return .none
        }
        let typed = descriptionField.text.trimmingCharacters(in: .whitespaces)
        let description = typed.isEmpty ? strings[.checkoutDefaultDescription] : typed
        stage = .creating
        show(strings[.checkoutCreating])
        let backend = environment.backend
        let sale = self.sale
        return .run {
            do {
                let order = try await backend.createCheckout(total: total, description: description)
                return CheckoutResult(sale: sale, kind: .created(order))
            } catch {
                return CheckoutResult(sale: sale, kind: .failed(String(describing: error)))
            }
        }
    }

    private func refresh(_ order: OrderRecord) -> PaneCommand {
        watchTask?.cancel()
        sale += 1
        stage = .creating
        show(strings[.qrRefreshing])
        let backend = environment.backend
        let sale = self.sale
        return .run {
            do {
                let fresh = try await backend.refreshCheckout(outTradeNo: order.outTradeNo)
                return CheckoutResult(sale: sale, kind: .created(fresh))
            } catch {
                return CheckoutResult(sale: sale, kind: .failed(String(describing: error)))
            }
        }
    }

    private func cancel(_ order: OrderRecord) -> PaneCommand {
        let backend = environment.backend
        let sale = self.sale
        return .run {
            do {
                return CheckoutResult(sale: sale, kind: .watched(try await backend.cancelCheckout(outTradeNo: order.outTradeNo)))
            } catch {
                return CheckoutResult(sale: sale, kind: .notice(String(describing: error)))
            }
        }
    }

    private func simulatePay(_ order: OrderRecord) -> PaneCommand {
        guard environment.context.isSandbox, let baseURL = environment.context.simulatorBaseURL else {
            return .message(strings[.errorNotSandbox])
        }
        show(strings[.qrSimulatingPay])
        let sale = self.sale
        let backend = environment.backend
        return .run {
            if let problem = await ConsoleEnvironment.simulatePay(baseURL: baseURL, outTradeNo: order.outTradeNo) {
                return CheckoutResult(sale: sale, kind: .notice(problem))
            }
            backend.checkNow(outTradeNo: order.outTradeNo)
            return nil
        }
    }

    // MARK: - Events

    public func receive(_ event: any Sendable) {
        switch event {
        case let result as CheckoutResult where result.sale == sale:
            apply(result.kind)
        case ConsoleEvent.orderUpdated(let order) as ConsoleEvent:
            if currentOrder?.outTradeNo == order.outTradeNo { update(with: order) }
        default:
            break
        }
    }

    private func apply(_ kind: CheckoutResult.Kind) {
        switch kind {
        case .created(let order):
            show(nil)
            stage = .waiting(order)
            startWatching(order)
        case .watched(let order):
            update(with: order)
        case .failed(let message):
            stage = .form
            show(strings[.errorPrefix] + ": " + message, isError: true)
        case .notice(let message):
            show(strings[.errorPrefix] + ": " + message, isError: true)
        }
    }

    private func update(with order: OrderRecord) {
        guard let current = currentOrder, current.outTradeNo == order.outTradeNo else { return }
        // Money moved: an older row arriving late (watch stream vs event) never takes PAID back.
        if case .paid = stage { return }
        switch order.status {
        case .created, .pending:
            stage = .waiting(order)
        case .paid, .refunding, .partiallyRefunded, .refunded:
            if case .paid = stage { return }
            stage = .paid(order)
            show(nil)
        case .closed, .failed:
            if case .paid = stage { return }
            stage = .ended(order)
        }
        if case .waiting = stage {} else { watchTask?.cancel() }
    }

    private func startWatching(_ order: OrderRecord) {
        watchTask?.cancel()
        let stream = environment.backend.watch(outTradeNo: order.outTradeNo)
        let post = environment.poster
        let sale = self.sale
        watchTask = Task {
            for await record in stream {
                post(CheckoutResult(sale: sale, kind: .watched(record)))
            }
        }
    }

    // MARK: - Drawing

    public func render(into surface: inout Surface, area: CellRect, theme: Theme) {
        surface.fill(area, role: .background)
        switch stage {
        case .idle:
            let hint = strings[.checkoutIdleHint]
            surface.put(text: hint, at: CellPoint(row: area.row + area.height / 2,
                                                  column: area.column + max(0, (area.width - DisplayWidth.of(hint)) / 2)),
                        role: .muted, maxWidth: area.width)
        case .form, .creating:
            renderForm(into: &surface, area: area)
        case .waiting(let order):
            renderQR(order, into: &surface, area: area)
        case .ended(let order):
            renderQR(order, into: &surface, area: area)
        case .paid(let order):
            renderPaid(order, into: &surface, area: area)
        }
    }

    private func renderForm(into surface: inout Surface, area: CellRect) {
        let box = area.centered(width: min(area.width, 60), height: min(area.height, 14))
        surface.box(box, role: .border, title: strings[.paneCheckout])
        let left = box.column + 3
        let fieldWidth = box.width - 6
        surface.put(text: strings[.checkoutAmountPrompt], at: CellPoint(row: box.row + 2, column: left),
                    role: focusOnDescription ? .muted : .accent, attributes: .bold)
        amountField.render(into: &surface, at: CellPoint(row: box.row + 3, column: left), width: min(fieldWidth, 20),
                           showsCursor: !focusOnDescription)
        if case .valid(let fen) = AmountParser.validatePartial(amountField.text) {
            BigDigits.draw(CheckoutText.bigAmount(fen), at: CellPoint(row: box.row + 2, column: left + 24),
                           role: .accent, into: &surface, maxWidth: fieldWidth - 24)
        }
        surface.put(text: strings[.checkoutDescriptionPrompt], at: CellPoint(row: box.row + 8, column: left),
                    role: focusOnDescription ? .accent : .muted, attributes: .bold)
        descriptionField.render(into: &surface, at: CellPoint(row: box.row + 9, column: left), width: fieldWidth,
                                showsCursor: focusOnDescription)
        if let notice {
            surface.put(text: notice, at: CellPoint(row: box.row + 11, column: left),
                        role: noticeIsError ? .failed : .pending, maxWidth: fieldWidth)
        }
    }

    private func matrix(for text: String) -> QRMatrix? {
        if let cached = matrixCache, cached.text == text { return cached.matrix }
        guard let matrix = try? QRMatrix.encode(text) else { return nil }
        matrixCache = (text, matrix)
        return matrix
    }

    private func renderQR(_ order: OrderRecord, into surface: inout Surface, area: CellRect) {
        let expired = isExpired || { if case .ended = stage { return true } else { return false } }()
        let infoWidth = 40
        guard let codeURL = order.codeURL, let matrix = matrix(for: codeURL) else {
            surface.put(text: strings[.errorPrefix] + ": no code_url", at: CellPoint(row: area.row + 1, column: 2),
                        role: .failed)
            return
        }
        let needed = QRRenderer.requiredSize(for: matrix, style: environment.qrStyle)
        let sideBySide = area.width >= needed.columns + infoWidth + 4
        let qrOrigin = CellPoint(row: area.row + max(0, (area.height - needed.rows) / 2), column: area.column + 2)
        if expired {
            // An expired code must not be scanned: draw no QR at all.
            surface.put(text: "⊘ " + strings[.qrExpired], at: CellPoint(row: area.row + 2, column: area.column + 2),
                        role: .closed, attributes: .bold)
            surface.put(text: strings[.qrRefreshHint], at: CellPoint(row: area.row + 4, column: area.column + 2),
                        role: .accent)
        } else if !sideBySide || needed.rows > area.height {
            let message = strings.format(.qrTooSmall, ["columns": String(needed.columns + infoWidth + 4),
                                                       "rows": String(needed.rows + 2)])
            surface.put(text: message, at: CellPoint(row: area.row + 1, column: area.column + 2), role: .alert,
                        maxWidth: area.width - 4)
        } else {
            QRRenderer.draw(matrix, style: environment.qrStyle, into: &surface, at: qrOrigin)
        }
        let infoColumn = sideBySide ? area.column + needed.columns + 4 : area.column + 2
        var row = sideBySide ? area.row + 1 : area.row + 6
        let width = max(0, area.column + area.width - infoColumn - 1)
        surface.put(text: strings[.qrScanPrompt], at: CellPoint(row: row, column: infoColumn), role: .title,
                    attributes: .bold, maxWidth: width)
        row += 2
        // The amount as large as the space beside the QR allows (two rows per font cell at most: calm, not
        // shouting), leaving room for the nine lines below it.
        let amount = CheckoutText.bigAmount(order.total)
        let budget = area.row + area.height - row - 9
        if var scale = BigDigits.fittingScale(for: amount, width: width, height: budget) {
            scale = BigDigits.Scale(columns: min(scale.columns, 4), rows: min(scale.rows, 2))
            BigDigits.draw(amount, at: CellPoint(row: row, column: infoColumn), role: .accent, into: &surface,
                           maxWidth: width, scale: scale)
            row += BigDigits.rowCount(scale: scale) + 1
        }
        surface.put(text: "¥" + AmountParser.formatYuan(order.total, grouped: true) + "  " + order.description,
                    at: CellPoint(row: row, column: infoColumn), role: .text, attributes: .bold, maxWidth: width)
        row += 1
        surface.put(text: strings[.fieldOrderNumber] + " " + order.outTradeNo,
                    at: CellPoint(row: row, column: infoColumn), role: .muted, maxWidth: width)
        row += 2
        let badge = expired && order.status.isAwaitingPayment
            ? StatusBadge.forState("EXPIRED", strings: strings) : CheckoutText.statusLine(for: order, strings: strings)
        surface.put(text: badge.text, at: CellPoint(row: row, column: infoColumn), role: badge.role,
                    attributes: .bold, maxWidth: width)
        row += 1
        if !expired, let expiresAt = order.expiresAt {
            let countdown = CheckoutText.countdown(until: expiresAt, now: environment.now())
            surface.put(text: strings.format(.qrExpiresIn, ["time": countdown]),
                        at: CellPoint(row: row, column: infoColumn), role: .pending, maxWidth: width)
        }
        row += 2
        if let notice {
            surface.put(text: notice, at: CellPoint(row: row, column: infoColumn),
                        role: noticeIsError ? .failed : .muted, maxWidth: width)
        }
    }

    private func renderPaid(_ order: OrderRecord, into surface: inout Surface, area: CellRect) {
        let paid = order.payerTotal ?? order.total
        let paidText = strings.format(.qrPaidAmount, ["amount": "¥" + AmountParser.formatYuan(paid)])
        let lines = ["✓ " + strings[.qrPaid] + "   " + paidText, strings[.fieldOrderNumber] + " " + order.outTradeNo,
                     "", strings[.qrNextSaleHint]]
        PaidScreen.layout(amount: CheckoutText.bigAmount(paid), lines: lines, area: area).draw(into: &surface, area: area)
    }
}
