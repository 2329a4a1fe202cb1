import Foundation
import PayCore
import Testing
import WeChatPay

@Suite struct IdentifierTests {
    @Test func generatedOrderNumbersAreValidAndSortByTime() throws {
        let earlier = try #require(WeChatPayTime.parse("2026-11-24T23:59:59+08:00"))
        let later = earlier.addingTimeInterval(1)
        let first = OutTradeNo.generate(now: earlier)
        let second = OutTradeNo.generate(now: later)
        #expect(first.hasPrefix("20261124235959"))
        #expect(second.hasPrefix("20261125000000"))
        #expect(first.count == 24)
        #expect(first < second)
        try OutTradeNo.validate(first)
        #expect(OutTradeNo.generate(now: earlier) != first)
    }

    @Test func generatedRefundNumbersAreValid() throws {
        let number = OutRefundNo.generate()
        #expect(number.hasPrefix("R"))
        try OutRefundNo.validate(number)
    }

    @Test func validationEnforcesLengthAndAlphabet() throws {
        try OutTradeNo.validate("abc_-|*123")
        try OutTradeNo.validate(String(repeating: "9", count: 32))
        #expect(throws: IdentifierError.badLength(5)) { try OutTradeNo.validate("12345") }
        #expect(throws: IdentifierError.badLength(33)) { try OutTradeNo.validate(String(repeating: "9", count: 33)) }
        #expect(throws: IdentifierError.invalidCharacter("@")) { try OutRefundNo.validate("abc@12345") }
        #expect(throws: IdentifierError.invalidCharacter("订")) { try OutTradeNo.validate("订单123456") }
        #expect(throws: IdentifierError.invalidCharacter(" ")) { try OutTradeNo.validate("abc 12345") }
    }

    @Test(arguments: [
        (1000, 6000, 6), (83, 6000, 0), (100, 6000, 1), (250, 2000, 1), (249, 2000, 0), (1, 1_000_000, 1),
        (0, 6000, 0), (1000, 0, 0), (12_345, 3800, 47),
    ])
    func feeRoundsHalfUpToTheFen(total: Int, ratePPM: Int, fee: Int) {
        #expect(FeeCalculator.fee(total: total, ratePPM: ratePPM) == fee)
    }
}
