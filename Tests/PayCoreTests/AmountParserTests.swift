import PayCore
import Testing

@Suite struct AmountParserTests {
    @Test(arguments: [
        ("12.5", 1250), ("12.50", 1250), ("¥12.50", 1250), ("￥12.50", 1250), (" 12.50 ", 1250), ("12", 1200),
        ("0.01", 1), (".5", 50), ("007.10", 710), ("100000000.00", 10_000_000_000),
    ])
    func parsesValidAmountsIntoFen(text: String, fen: Int) throws {
        #expect(try AmountParser.parse(text) == fen)
    }

    @Test(arguments: [
        ("12.505", AmountError.tooManyDecimals), ("-1", .negative), ("0", .zero), ("0.00", .zero),
        ("1e3", .invalidCharacter("e")), ("", .empty), ("   ", .empty), ("abc", .invalidCharacter("a")),
        ("12.", .malformed), (".", .malformed), ("¥", .malformed), ("1.2.3", .malformed),
        ("1,234.00", .invalidCharacter(",")), ("100000000.01", .aboveMaximum),
        ("99999999999999999999999", .aboveMaximum), ("１２", .invalidCharacter("１")),
    ])
    func refusesInvalidAmountsWithTypedErrors(text: String, expected: AmountError) {
        #expect(throws: expected) { try AmountParser.parse(text) }
        #expect(!expected.message.isEmpty)
    }

    @Test func formatsFenWithTwoDecimals() {
        #expect(AmountParser.formatYuan(1250) == "12.50")
        #expect(AmountParser.formatYuan(1) == "0.01")
        #expect(AmountParser.formatYuan(0) == "0.00")
        #expect(AmountParser.formatYuan(123_450) == "1234.50")
        #expect(AmountParser.formatYuan(123_450, grouped: true) == "1,234.50")
        #expect(AmountParser.formatYuan(123_456_789_01, grouped: true) == "123,456,789.01")
        #expect(AmountParser.formatYuan(-5) == "-0.05")
    }

    @Test func partialInputStaysValidWhileTyping() {
        #expect(AmountParser.validatePartial("") == .empty)
        #expect(AmountParser.validatePartial("¥") == .incomplete)
        #expect(AmountParser.validatePartial("12.") == .incomplete)
        #expect(AmountParser.validatePartial("0") == .incomplete)
        #expect(AmountParser.validatePartial("0.0") == .incomplete)
        #expect(AmountParser.validatePartial("12.5") == .valid(fen: 1250))
        #expect(AmountParser.validatePartial("0.00") == .invalid(.zero))
        #expect(AmountParser.validatePartial("12.345") == .invalid(.tooManyDecimals))
        #expect(AmountParser.validatePartial("1x") == .invalid(.invalidCharacter("x")))
        #expect(AmountParser.validatePartial("-") == .invalid(.negative))
    }
}
