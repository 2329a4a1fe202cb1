import Foundation
import PayCore

/// A result of the refund pane's async work.
struct RefundResult: Sendable {
    enum Kind: Sendable {
        case proposal(RefundProposal, confirm: Bool)
        case refused(String)
        case created(RefundRecord)
        case failed(String)
    }
    let pane: ObjectIdentifier
    let kind: Kind
}

/// Refund one order: amount (default: all still refundable), reason, confirmation, then the refund's status.
public final class RefundPane: Pane {
    /// Where the refund is.
    enum Stage {
        case checking, form, confirming(RefundProposal), submitting, tracking(RefundRecord)
    }

    private let environment: ConsoleEnvironment
    private var strings: Strings { environment.strings }
    private let order: OrderRecord
    private(set) var stage = Stage.checking
    private(set) var amountField = TextField.amount()
    private(set) var reasonField = TextField(maximumLength: 80)
    private var focusOnReason = false
    private(set) var remainder: Int?
    private(set) var notice: String?
    private var noticeIsError = false

    /// A refund form for `order`.
    public init(environment: ConsoleEnvironment, order: OrderRecord) {
        self.environment = environment
        self.order = order
    }

    public var title: String { strings[.paneRefund] + " " + order.outTradeNo }
    public var context: KeymapContext {
        switch stage {
        case .form: return .refundForm
        case .confirming: return .confirm
        default: return .orderDetail
        }
    }

    private var identity: ObjectIdentifier { ObjectIdentifier(self) }

    public func activate() {
        guard case .checking = stage, remainder == nil else { return }
        let plan = plan(amount: nil, confirm: false)
        if case .run(let work) = plan { dispatch(work) }
    }

    /// Runs `work` and posts its result (activate cannot return a command).
    private func dispatch(_ work: @escaping @Sendable () async -> (any Sendable)?) {
        let post = environment.poster
        Task { if let result = await work() { post(result) } }
    }

    private func plan(amount: Int?, confirm: Bool) -> PaneCommand {
        let backend = environment.backend
        let number = order.outTradeNo
        let reason = reasonField.text.isEmpty ? nil : reasonField.text
        let pane = identity
        return .run {
            do {
                let proposal = try await backend.planRefund(outTradeNo: number, amount: amount, reason: reason)
                return RefundResult(pane: pane, kind: .proposal(proposal, confirm: confirm))
            } catch {
                return RefundResult(pane: pane, kind: .refused(String(describing: error)))
            }
        }
    }

    private func submit(_ proposal: RefundProposal) -> PaneCommand {
        stage = .submitting
        show(strings[.loading])
        let backend = environment.backend
        let number = order.outTradeNo
        let reason = reasonField.text.isEmpty ? nil : reasonField.text
        let pane = identity
        return .run {
            do {
                let refund = try await backend.createRefund(outTradeNo: number, amount: proposal.amount, reason: reason)
                return RefundResult(pane: pane, kind: .created(refund))
            } catch {
                return RefundResult(pane: pane, kind: .failed(String(describing: error)))
            }
        }
    }

    private func show(_ text: String?, isError: Bool = false) {
        notice = text
        noticeIsError = isError
    }

    public func handle(_ action: Action) -> PaneCommand {
        switch (stage, action) {
        case (.form, .confirm):
            let amount: Int
            do {
                amount = try AmountParser.parse(amountField.text)
            } catch {
                show(strings[.refundInvalidAmount] + " — " + error.message, isError: true)
                return .none
            }
            if let remainder, amount > remainder {
                show(strings.format(.refundMaximum, ["amount": "¥" + AmountParser.formatYuan(remainder)]), isError: true)
                return .none
            }
            return plan(amount: amount, confirm: true)
        case (.confirming(let proposal), .confirm):
            return submit(proposal)
        case (.confirming, .cancel), (.confirming, .escape), (.confirming, .back):
            stage = .form
            show(nil)
        case (.form, .nextField), (.form, .previousField):
            focusOnReason.toggle()
        case (.form, .cancel):
            return .pop
        case (.form, _):
            if focusOnReason { reasonField.apply(action) } else { amountField.apply(action) }
        case (.tracking(let refund), .checkNow):
            show(strings[.qrCheckingNow])
            let backend = environment.backend
            let pane = identity
            return .run {
                do {
                    return RefundResult(pane: pane, kind: .created(try await backend.queryRefund(outRefundNo: refund.outRefundNo)))
                } catch {
                    return RefundResult(pane: pane, kind: .failed(String(describing: error)))
                }
            }
        case (_, .escape), (_, .back):
            return .pop
        default:
            return .unhandled
        }
        return .none
    }

    public func handleText(_ character: Character) -> PaneCommand {
        guard case .form = stage else { return .unhandled }
        if focusOnReason { reasonField.insert(character) } else { amountField.insert(character) }
        return .none
    }

    public func receive(_ event: any Sendable) {
        switch event {
        case let result as RefundResult where result.pane == identity:
            apply(result.kind)
        case ConsoleEvent.refundUpdated(let refund) as ConsoleEvent:
            if case .tracking(let current) = stage, current.outRefundNo == refund.outRefundNo {
                stage = .tracking(refund)
            }
        default:
            break
        }
    }

    private func apply(_ kind: RefundResult.Kind) {
        switch kind {
        case .proposal(let proposal, let confirm):
            if confirm {
                stage = .confirming(proposal)
                show(nil)
            } else {
                remainder = proposal.remainder
                amountField.set(AmountParser.formatYuan(proposal.amount))
                stage = .form
                show(strings.format(.refundMaximum, ["amount": "¥" + AmountParser.formatYuan(proposal.remainder)]))
            }
        case .refused(let message):
            if remainder == nil { stage = .checking }
            show(message, isError: true)
        case .created(let refund):
            stage = .tracking(refund)
            show(strings.format(.refundSubmitted, ["refund": refund.outRefundNo]))
        case .failed(let message):
            if case .submitting = stage { stage = .form }
            show(strings[.errorPrefix] + ": " + message, isError: true)
        }
    }

    public func render(into surface: inout Surface, area: CellRect, theme: Theme) {
        surface.fill(area, role: .background)
        let box = area.centered(width: min(area.width, 70), height: min(area.height, 16))
        surface.box(box, role: .border, title: strings[.paneRefund])
        let left = box.column + 3
        let width = box.width - 6
        var row = box.row + 2
        let summary = strings[.fieldOrderNumber] + " " + order.outTradeNo + "   " + strings[.fieldAmount] + " ¥"
            + AmountParser.formatYuan(order.total)
        surface.put(text: summary, at: CellPoint(row: row, column: left), role: .muted, maxWidth: width)
        row += 2
        switch stage {
        case .checking:
            surface.put(text: strings[.loading], at: CellPoint(row: row, column: left), role: .muted)
        case .confirming(let proposal):
            let after = proposal.remainder - proposal.amount
            let lines = [
                strings.format(.refundConfirm, ["amount": "¥" + AmountParser.formatYuan(proposal.amount),
                                                "order": order.outTradeNo]),
                strings[.fieldRefundable] + ": ¥" + AmountParser.formatYuan(proposal.remainder) + " → ¥"
                    + AmountParser.formatYuan(after),
                strings[.refundReasonPrompt] + ": " + (reasonField.text.isEmpty ? "—" : reasonField.text),
                "",
                strings[.confirmChoices],
            ]
            for (offset, line) in lines.enumerated() {
                surface.put(text: line, at: CellPoint(row: row + offset, column: left),
                            role: offset == 0 ? .alert : .text, attributes: offset == 0 ? .bold : [], maxWidth: width)
            }
            return
        case .form, .submitting:
            surface.put(text: strings[.refundAmountPrompt], at: CellPoint(row: row, column: left),
                        role: focusOnReason ? .muted : .accent, attributes: .bold)
            amountField.render(into: &surface, at: CellPoint(row: row + 1, column: left), width: 20,
                               showsCursor: !focusOnReason)
            surface.put(text: strings[.refundReasonPrompt], at: CellPoint(row: row + 3, column: left),
                        role: focusOnReason ? .accent : .muted, attributes: .bold)
            reasonField.render(into: &surface, at: CellPoint(row: row + 4, column: left), width: width,
                               showsCursor: focusOnReason)
        case .tracking(let refund):
            let badge = StatusBadge.forState(refund.status.rawValue, strings: strings)
            surface.put(text: refund.outRefundNo + "  ¥" + AmountParser.formatYuan(refund.amount),
                        at: CellPoint(row: row, column: left), role: .text, attributes: .bold, maxWidth: width)
            surface.put(text: badge.text, at: CellPoint(row: row + 2, column: left), role: badge.role,
                        attributes: .bold, maxWidth: width)
        }
        if let notice {
            surface.put(text: notice, at: CellPoint(row: box.row + box.height - 3, column: left),
                        role: noticeIsError ? .failed : .pending, maxWidth: width)
        }
    }
}

