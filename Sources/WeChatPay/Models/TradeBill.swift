import Foundation

/// A parsed trade bill (`GET /v3/bill/tradebill` file): UTF-8 with BOM, CRLF, backtick-prefixed fields,
/// one header line, records, then a summary header and one summary row. Amounts are yuan text, kept as fen.
public struct TradeBill: Sendable, Equatable {
    /// Column names of the records, as in the file.
    public var columns: [String]
    public var rows: [TradeBillRow]
    public var summary: TradeBillSummary

    /// Why a bill file could not be read.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var reason: String
        public var description: String { "trade bill line \(line): \(reason)" }
    }

    /// Parses the uncompressed bill bytes.
    public static func parse(_ data: Data) throws(ParseError) -> TradeBill {
        var text = String(decoding: data, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        // Swift treats "\r\n" as one Character, so splitting on newlines handles CRLF and LF alike.
        let lines = text.split(whereSeparator: \.isNewline).map(String.init)
        guard let headerLine = lines.first else { throw ParseError(line: 1, reason: "empty file") }
        let columns = headerLine.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var rows: [TradeBillRow] = []
        var index = 1
        while index < lines.count, lines[index].hasPrefix("`") {
            let fields = splitRecord(lines[index])
            guard fields.count == columns.count else {
                throw ParseError(line: index + 1, reason: "\(fields.count) fields for \(columns.count) columns")
            }
            rows.append(try TradeBillRow(fields: Dictionary(zip(columns, fields)) { first, _ in first }, line: index + 1))
            index += 1
        }
        guard index + 1 < lines.count else { throw ParseError(line: index + 1, reason: "summary missing") }
        let summaryColumns = lines[index].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let summaryFields = splitRecord(lines[index + 1])
        guard summaryFields.count == summaryColumns.count else {
            throw ParseError(line: index + 2, reason: "summary has \(summaryFields.count) fields")
        }
        let summary = try TradeBillSummary(
            fields: Dictionary(zip(summaryColumns, summaryFields)) { first, _ in first }, line: index + 2)
        return TradeBill(columns: columns, rows: rows, summary: summary)
    }

    /// Splits a backtick-prefixed record (`` `a,`b,` ``) into its values.
    static func splitRecord(_ line: String) -> [String] {
        guard line.hasPrefix("`") else {
            return line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        // Field separators are ",`": commas inside a value (e.g. a goods name) survive.
        return line.dropFirst().components(separatedBy: ",`")
    }
}

/// One record of a trade bill; amounts in fen.
public struct TradeBillRow: Sendable, Equatable {
    /// Every value by column name, as in the file (backtick removed).
    public var fields: [String: String]
    public var tradeTime: String
    public var appid: String
    public var mchid: String
    public var subMchid: String
    public var transactionID: String
    public var outTradeNo: String
    public var openid: String
    public var tradeType: String
    public var tradeState: String
    public var bankType: String
    public var currency: String
    /// 应结订单金额.
    public var settlementTotal: Int
    /// 代金券金额.
    public var couponAmount: Int
    public var refundID: String
    public var outRefundNo: String
    /// 退款金额.
    public var refundAmount: Int
    /// 充值券退款金额.
    public var rechargeCouponRefund: Int
    public var refundStatus: String
    public var goodsName: String
    public var attach: String
    /// 手续费 in fen, nil when the file gives it below fen precision (the text stays in `fields`).
    public var fee: Int?
    public var feeRate: String
    /// 订单金额.
    public var orderAmount: Int
    /// 申请退款金额.
    public var requestedRefundAmount: Int

    init(fields: [String: String], line: Int) throws(TradeBill.ParseError) {
        self.fields = fields
        func text(_ column: String) -> String { fields[column] ?? "" }
        func money(_ column: String) throws(TradeBill.ParseError) -> Int {
            guard let value = YuanAmount.fen(text(column)) else {
                throw TradeBill.ParseError(line: line, reason: "\(column) is not an amount: \(text(column))")
            }
            return value
        }
        tradeTime = text("交易时间")
        appid = text("公众账号ID")
        mchid = text("商户号")
        subMchid = text("特约商户号")
        transactionID = text("微信订单号")
        outTradeNo = text("商户订单号")
        openid = text("用户标识")
        tradeType = text("交易类型")
        tradeState = text("交易状态")
        bankType = text("付款银行")
        currency = text("货币种类")
        settlementTotal = try money("应结订单金额")
        couponAmount = try money("代金券金额")
        refundID = text("微信退款单号")
        outRefundNo = text("商户退款单号")
        refundAmount = try money("退款金额")
        rechargeCouponRefund = try money("充值券退款金额")
        refundStatus = text("退款状态")
        goodsName = text("商品名称")
        attach = text("商户数据包")
        fee = YuanAmount.fen(text("手续费"))
        feeRate = text("费率")
        orderAmount = try money("订单金额")
        requestedRefundAmount = try money("申请退款金额")
    }
}

/// The summary row of a trade bill; amounts in fen.
public struct TradeBillSummary: Sendable, Equatable {
    /// 总交易单数.
    public var orderCount: Int
    /// 应结订单总金额.
    public var settlementTotal: Int
    /// 退款总金额.
    public var refundTotal: Int
    /// 充值券退款总金额.
    public var rechargeCouponRefundTotal: Int
    /// 手续费总金额.
    public var feeTotal: Int
    /// 订单总金额.
    public var orderTotal: Int
    /// 申请退款总金额.
    public var requestedRefundTotal: Int

    init(fields: [String: String], line: Int) throws(TradeBill.ParseError) {
        func money(_ column: String) throws(TradeBill.ParseError) -> Int {
            guard let text = fields[column], let value = YuanAmount.fen(text) else {
                throw TradeBill.ParseError(line: line, reason: "\(column) missing or not an amount")
            }
            return value
        }
        // The count is written like an amount (`45.0`).
        let countFen = try money("总交易单数")
        guard countFen % 100 == 0 else { throw TradeBill.ParseError(line: line, reason: "order count not whole") }
        orderCount = countFen / 100
        settlementTotal = try money("应结订单总金额")
        refundTotal = try money("退款总金额")
        rechargeCouponRefundTotal = try money("充值券退款总金额")
        feeTotal = try money("手续费总金额")
        orderTotal = try money("订单总金额")
        requestedRefundTotal = try money("申请退款总金额")
    }
}
