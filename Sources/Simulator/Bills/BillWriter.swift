import Foundation

/// Writes the v3 trade bill and fund-flow bill files in the platform's CSV layout (protocol §4.9).
///
/// UTF-8 with BOM, CRLF line ends, a plain header, rows whose every field starts with a backtick,
/// then a summary header and one backtick-prefixed summary row. Amounts are yuan.
enum BillWriter {
    /// Fee rate the simulator charges: 0.60 %, i.e. 6 parts per thousand.
    static let feePerThousand = 6

    static let tradeHeader = "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注"
    static let tradeSummaryHeader = "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额"
    static let fundHeader = "记账时间,微信支付业务单号,资金流水单号,业务名称,业务类型,收支类型,收支金额(元),账户结余(元),资金变更提交申请人,备注,业务凭证号"
    static let fundSummaryHeader = "资金流水总笔数,收入笔数,收入金额,支出笔数,支出金额"

    /// `1250` → `12.50`.
    static func yuan(_ fen: Int) -> String {
        let sign = fen < 0 ? "-" : ""
        let magnitude = abs(fen)
        let cents = magnitude % 100
        return "\(sign)\(magnitude / 100).\(cents < 10 ? "0" : "")\(cents)"
    }

    /// Fee with five decimals of yuan: `total × 0.006` is exact at that precision.
    static func fee(_ fen: Int) -> String {
        let units = fen * feePerThousand  // in 1/100000 yuan
        let fraction = String(units % 100_000)
        return "\(units / 100_000).\(String(repeating: "0", count: 5 - fraction.count))\(fraction)"
    }

    private static func row(_ fields: [String]) -> String {
        fields.map { "`" + $0.replacingOccurrences(of: ",", with: "，") }.joined(separator: ",")
    }

    private static func file(_ lines: [String]) -> Data {
        var data = Data([0xEF, 0xBB, 0xBF])
        data.append(Data(lines.map { $0 + "\r\n" }.joined().utf8))
        return data
    }

    /// Trade bill of Beijing day `day` (`yyyy-MM-dd`); nil when that day has no records.
    static func tradeBill(orders: [SimOrder], refunds: [SimRefund], day: String, type: String) -> Data? {
        var lines: [(Date, String)] = []
        var settledTotal = 0, refundTotal = 0, feeUnits = 0, orderTotal = 0, requestedRefundTotal = 0
        let byNumber = Dictionary(orders.map { ($0.outTradeNo, $0) }, uniquingKeysWith: { first, _ in first })
        if type == "ALL" || type == "SUCCESS" {
            for order in orders {
                guard let paidAt = order.successTime, BeijingTime.day(paidAt) == day else { continue }
                let settled = order.payerTotal ?? order.total
                settledTotal += settled
                orderTotal += order.total
                feeUnits += settled * feePerThousand
                lines.append((paidAt, row([
                    BeijingTime.spaced(paidAt), order.appid, order.mchid, order.subMchid ?? "0", "",
                    order.transactionID ?? "", order.outTradeNo, order.payerOpenid ?? "", order.tradeType, "SUCCESS",
                    "OTHERS", "CNY", yuan(settled), yuan(order.total - settled), "0", "0", "0.00", "0.00", "", "",
                    order.description, order.attach ?? "", fee(settled), "0.60%", yuan(order.total), "0.00", "",
                ])))
            }
        }
        if type == "ALL" || type == "REFUND" {
            for refund in refunds {
                guard refund.status == "SUCCESS", let doneAt = refund.successTime, BeijingTime.day(doneAt) == day,
                      let order = byNumber[refund.outTradeNo] else { continue }
                refundTotal += refund.refund
                requestedRefundTotal += refund.refund
                lines.append((doneAt, row([
                    BeijingTime.spaced(doneAt), order.appid, order.mchid, order.subMchid ?? "0", "",
                    refund.transactionID, refund.outTradeNo, order.payerOpenid ?? "", order.tradeType, "REFUND",
                    "OTHERS", "CNY", "0.00", "0.00", refund.refundID, refund.outRefundNo, yuan(refund.refund), "0.00",
                    "ORIGINAL", "SUCCESS", order.description, order.attach ?? "", fee(0), "0.60%", "0.00",
                    yuan(refund.refund), "",
                ])))
            }
        }
        guard !lines.isEmpty else { return nil }
        let body = lines.sorted { $0.0 < $1.0 }.map(\.1)
        let feeFen = (feeUnits + 500) / 1000
        let summary = row([
            String(body.count), yuan(settledTotal), yuan(refundTotal), "0.00", yuan(feeFen), yuan(orderTotal),
            yuan(requestedRefundTotal),
        ])
        return file([tradeHeader] + body + [tradeSummaryHeader, summary])
    }

    /// Fund-flow bill of the basic account for `day`: payments in, successful refunds out.
    static func fundFlowBill(orders: [SimOrder], refunds: [SimRefund], day: String) -> Data? {
        var entries: [(Date, String, String, String, String, Int)] = []  // time, business no, name, type, direction, fen
        for order in orders {
            guard let paidAt = order.successTime, let transactionID = order.transactionID else { continue }
            entries.append((paidAt, transactionID, "交易", "交易", "收入", order.payerTotal ?? order.total))
        }
        for refund in refunds where refund.status == "SUCCESS" {
            guard let doneAt = refund.successTime else { continue }
            entries.append((doneAt, refund.refundID, "退款", "退款", "支出", refund.refund))
        }
        entries.sort { $0.0 < $1.0 }
        var balance = 0
        var lines: [String] = []
        var incomeCount = 0, incomeTotal = 0, expenseCount = 0, expenseTotal = 0
        for (time, businessNo, name, kind, direction, fen) in entries {
            balance += direction == "收入" ? fen : -fen
            guard BeijingTime.day(time) == day else { continue }
            if direction == "收入" { incomeCount += 1; incomeTotal += fen } else { expenseCount += 1; expenseTotal += fen }
            lines.append(row([
                BeijingTime.spaced(time), businessNo, Identifiers.digits(20), name, kind, direction, yuan(fen),
                yuan(balance), "system", "", businessNo,
            ]))
        }
        guard !lines.isEmpty else { return nil }
        let summary = row([String(lines.count), String(incomeCount), yuan(incomeTotal), String(expenseCount), yuan(expenseTotal)])
        return file([fundHeader] + lines + [fundSummaryHeader, summary])
    }
}
