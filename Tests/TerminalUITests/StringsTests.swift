import Testing
@testable import TerminalUI

@Suite struct StringsTests {
    @Test(arguments: Language.allCases)
    func everyTableHasEveryKey(language: Language) {
        #expect(Strings(language: language).missingEntries.isEmpty)
    }

    @Test func chineseTableIsTranslated() {
        let english = Strings(language: .english)
        let chinese = Strings(language: .simplifiedChinese)
        #expect(chinese[.paneOrders] == "订单")
        #expect(chinese[.qrCustomerConfirming] != english[.qrCustomerConfirming])
        #expect(chinese.description(of: .refund) != english.description(of: .refund))
    }

    @Test func formatReplacesNamedPlaceholders() {
        let text = Strings(language: .english).format(.refundConfirm, ["amount": "¥12.50", "order": "PD1"])
        #expect(text == "Refund ¥12.50 of order PD1?")
    }

    @Test func placeholdersAreTheSameInBothLanguages() {
        func placeholders(_ text: String) -> Set<String> {
            var names = Set<String>()
            var rest = Substring(text)
            while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
                names.insert(String(rest[open...close]))
                rest = rest[rest.index(after: close)...]
            }
            return names
        }
        let english = Strings(language: .english)
        let chinese = Strings(language: .simplifiedChinese)
        for key in L10nKey.allCases {
            #expect(placeholders(english[key]) == placeholders(chinese[key]), "\(key)")
        }
    }

    @Test func languageComesFromArgumentThenLocale() {
        #expect(Language.resolve(argument: "zh-CN", environment: ["LANG": "en_US.UTF-8"]) == .simplifiedChinese)
        #expect(Language.resolve(argument: nil, environment: ["LANG": "zh_CN.UTF-8"]) == .simplifiedChinese)
        #expect(Language.resolve(argument: nil, environment: ["LANG": "de_DE.UTF-8"]) == .english)
        #expect(Language.resolve(argument: nil, environment: ["LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"]) == .english)
        #expect(Language.resolve(argument: nil, environment: [:]) == .english)
        #expect(Language.resolve(argument: "klingon", environment: ["LANG": "zh_CN.GB2312"]) == .simplifiedChinese)
    }
}
