import Foundation
import Testing

@testable import WeChatPay

@Suite("TradeBill parsing")
struct ModelsTradeBillTests {
    @Test func parsesTheOfficialFixture() throws {
        let bill = try TradeBill.parse(try ClientBillTests.fixture())
        #expect(bill.columns.count == 27)
        #expect(bill.columns.first == "交易时间")
        #expect(bill.rows.count == 45)
        #expect(bill.summary.orderCount == 45)
        #expect(bill.summary.settlementTotal == 47)
        #expect(bill.summary.refundTotal == 14)
        #expect(bill.summary.rechargeCouponRefundTotal == 0)
        #expect(bill.summary.feeTotal == 8)
        #expect(bill.summary.orderTotal == 47)
        #expect(bill.summary.requestedRefundTotal == 14)
        let first = try #require(bill.rows.first)
        #expect(first.appid == "wxab8acd895ab1638a")
        #expect(first.mchid == "1921000401")
        #expect(first.tradeType == "JSAPI")
        #expect(first.tradeState == "REFUND")
        #expect(first.fields["设备号"] == "harryma007")
        #expect(first.refundAmount == 1)
        #expect(first.requestedRefundAmount == 1)
        #expect(first.fee == 0)
        #expect(first.goodsName == "系统拨测-cheeryin-test_micropay_succ")
        #expect(first.fields["交易时间"]?.hasPrefix("2019-") == true)
        #expect(!first.outTradeNo.hasPrefix("`"))
        #expect(first.feeRate.hasSuffix("%"))
        // Row amounts add up to the summary.
        #expect(bill.rows.map(\.settlementTotal).reduce(0, +) == bill.summary.settlementTotal)
        #expect(bill.rows.map(\.refundAmount).reduce(0, +) == bill.summary.refundTotal)
        #expect(bill.rows.map(\.orderAmount).reduce(0, +) == bill.summary.orderTotal)
    }

    @Test func yuanTextConvertsToFenExactly() {
        #expect(YuanAmount.fen("0.47") == 47)
        #expect(YuanAmount.fen("45.0") == 4500)
        #expect(YuanAmount.fen("0.01000") == 1)
        #expect(YuanAmount.fen("0.00600") == nil)
        #expect(YuanAmount.fen("1234567.89") == 123_456_789)
        #expect(YuanAmount.fen("-0.14") == -14)
        #expect(YuanAmount.fen("") == 0)
        #expect(YuanAmount.fen("1e3") == nil)
        #expect(YuanAmount.fen("12.") == nil)
        #expect(YuanAmount.fen("abc") == nil)
    }

    @Test func rejectsRowsWithWrongFieldCount() {
        let text = "\u{FEFF}a,b\r\n`1,`2,`3\r\nx,y\r\n`1,`2\r\n"
        #expect(throws: TradeBill.ParseError.self) { try TradeBill.parse(Data(text.utf8)) }
    }

    @Test func keepsCommasInsideValues() {
        #expect(TradeBill.splitRecord("`a,b,`c,`") == ["a,b", "c", ""])
    }
}
