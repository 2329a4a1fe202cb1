import Foundation
import Testing
import WeChatPay
@testable import Simulator

/// Wire formats: times, the retry schedule, gzip bills, bill layout.
@Suite struct FormatTests {
    @Test func formatsAndParsesBeijingTimes() throws {
        let instant = Date(timeIntervalSince1970: 1_554_208_460)  // 2019-04-02T12:34:20Z
        #expect(BeijingTime.rfc3339(instant) == "2019-04-02T20:34:20+08:00")
        #expect(BeijingTime.compact(instant) == "20190402203420")
        #expect(BeijingTime.parseRFC3339("2019-04-02T20:34:20+08:00") == instant)
        #expect(BeijingTime.parseRFC3339("2019-04-02T12:34:20Z") == instant)
        #expect(BeijingTime.parseRFC3339("2019-04-02T12:34:20.250Z") == instant.addingTimeInterval(0))
        #expect(BeijingTime.parseCompact("20190402203420") == instant)
        #expect(BeijingTime.parseRFC3339("2019-02-30T00:00:00+08:00") == nil)
        #expect(BeijingTime.parseRFC3339("2019-04-02 20:34:20") == nil)
    }

    @Test func retryScheduleIsThePlatformsFifteenIntervals() {
        let expected: [TimeInterval] = [15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600]
        #expect(RetrySchedule.intervals == expected)
        #expect(RetrySchedule.maximumAttempts == 16)
        let scaled = RetrySchedule.delay(afterAttempt: 1, timeScale: 0.001) ?? 0
        #expect(abs(scaled - 0.015) < 1e-9)
        #expect(RetrySchedule.delay(afterAttempt: 4, timeScale: 1) == 180)
        #expect(RetrySchedule.delay(afterAttempt: 16, timeScale: 1) == nil)
        let total: TimeInterval = RetrySchedule.intervals.reduce(0, +)
        #expect(total == TimeInterval(24 * 3600 + 4 * 60))
    }

    @Test func gzipBillsDecompressWithSystemGzip() throws {
        let text = Data(String(repeating: "交易时间,`0.01\r\n", count: 9_000).utf8)
        let wrapped = try Gzip.compress(text)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sim-\(UUID().uuidString).gz")
        try wrapped.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "gzip -dc '\(file.path)'"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(output == text)
    }

    @Test func formatsYuanAndFees() {
        #expect(BillWriter.yuan(1250) == "12.50")
        #expect(BillWriter.yuan(3) == "0.03")
        #expect(BillWriter.yuan(100) == "1.00")
        #expect(BillWriter.fee(1250) == "0.07500")
        #expect(BillWriter.fee(3) == "0.00018")
    }

    @Test func tradeBillHasThePlatformLayout() throws {
        let paidAt = try #require(BeijingTime.parseRFC3339("2026-11-20T10:00:00+08:00"))
        let order = SimOrder(
            outTradeNo: "BILL-0001", generation: .v3, tradeType: "NATIVE", appid: "wx0123456789abcdef", mchid: "1900000001",
            subAppid: nil, subMchid: nil, description: "coffee, large", attach: nil, notifyURL: "https://example.com/n",
            total: 1250, currency: "CNY", requestedOpenid: nil, codeURL: nil, prepayID: nil, createdAt: paidAt,
            timeExpire: paidAt, fingerprint: "", v2SignType: nil, tradeState: "REFUND", tradeStateDesc: "",
            transactionID: "4200000000202611200000000001", successTime: paidAt, payerOpenid: "oPayer", payerTotal: 1250,
            closedAt: nil)
        let refund = SimRefund(
            refundID: "50000000000000000000000000001", outRefundNo: "R-1", outTradeNo: "BILL-0001",
            transactionID: "4200000000202611200000000001", generation: .v3, subMchid: nil, reason: nil, notifyURL: nil,
            refund: 250, total: 1250, currency: "CNY", status: "SUCCESS", createdAt: paidAt,
            successTime: paidAt.addingTimeInterval(60), settleAt: nil, fingerprint: "", abnormalRequests: 0)
        let data = try #require(BillWriter.tradeBill(orders: [order], refunds: [refund], day: "2026-11-20", type: "ALL"))
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        #expect(text.hasSuffix("\r\n"))
        let lines = text.components(separatedBy: "\r\n").dropLast()
        #expect(lines.count == 5)
        #expect(lines[0] == BillWriter.tradeHeader)
        #expect(lines[0].split(separator: ",").count == 27)
        let payment = lines[1].components(separatedBy: ",")
        #expect(payment.count == 27 && payment.allSatisfy { $0.hasPrefix("`") })
        #expect(payment[0] == "`2026-11-20 10:00:00" && payment[9] == "`SUCCESS" && payment[12] == "`12.50")
        #expect(payment[20] == "`coffee， large")
        let refundRow = lines[2].components(separatedBy: ",")
        #expect(refundRow[9] == "`REFUND" && refundRow[16] == "`2.50" && refundRow[25] == "`2.50")
        #expect(lines[3] == BillWriter.tradeSummaryHeader)
        #expect(lines[4] == "`2,`12.50,`2.50,`0.00,`0.08,`12.50,`2.50")
        #expect(BillWriter.tradeBill(orders: [order], refunds: [refund], day: "2026-11-21", type: "ALL") == nil)
        let refundsOnly = try #require(BillWriter.tradeBill(orders: [order], refunds: [refund], day: "2026-11-20", type: "REFUND"))
        #expect(String(decoding: refundsOnly, as: UTF8.self).components(separatedBy: "\r\n").count == 5)
    }
}
