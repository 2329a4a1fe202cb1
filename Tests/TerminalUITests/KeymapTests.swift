import Foundation
import Testing
@testable import TerminalUI

@Suite struct KeymapTests {
    let english = Strings(language: .english)

    @Test func parsesKeyChordSpellings() {
        #expect(KeyChord(parsing: "q") == .character("q"))
        #expect(KeyChord(parsing: "G") == .character("G"))
        #expect(KeyChord(parsing: "Enter") == .special(.enter))
        #expect(KeyChord(parsing: "esc") == .special(.escape))
        #expect(KeyChord(parsing: "PgDn") == .special(.pageDown))
        #expect(KeyChord(parsing: "S-Tab") == .special(.backTab))
        #expect(KeyChord(parsing: "C-l") == .control("l"))
        #expect(KeyChord(parsing: "Ctrl-X") == .control("x"))
        #expect(KeyChord(parsing: "F1") == .function(1))
        #expect(KeyChord(parsing: "Space") == .character(" "))
        #expect(KeyChord(parsing: "F13") == nil)
        #expect(KeyChord(parsing: "Hyper") == nil)
        #expect(KeyChord(parsing: "C-1") == nil)
    }

    @Test func chordDescriptionsParseBack() {
        let chords = Keymap.global.map(\.chord) + KeymapContext.allCases.flatMap { Keymap.bindings(for: $0).map(\.chord) }
        for chord in chords {
            #expect(KeyChord(parsing: chord.description) == chord, "\(chord)")
        }
    }

    @Test func contractKeysAreBound() {
        #expect(Keymap.action(for: KeyEvent.character("1"), in: .orders) == .showOrders)
        #expect(Keymap.action(for: KeyEvent.character("2"), in: .orders) == .showCheckout)
        #expect(Keymap.action(for: KeyEvent.character("3"), in: .qrWaiting) == .showNotifications)
        #expect(Keymap.action(for: KeyEvent.character("?"), in: .orderDetail) == .help)
        #expect(Keymap.action(for: KeyEvent.character("q"), in: .orders) == .back)
        #expect(Keymap.action(for: KeyEvent.character("n"), in: .orders) == .newCheckout)
        #expect(Keymap.action(for: KeyEvent.special(.enter), in: .orders) == .open)
        #expect(Keymap.action(for: KeyEvent.special(.escape), in: .orderDetail) == .escape)
        #expect(Keymap.action(for: KeyEvent.character("/"), in: .orders) == .search)
        #expect(Keymap.action(for: KeyEvent.character("r"), in: .orderDetail) == .refund)
        #expect(Keymap.action(for: KeyEvent.character("r"), in: .qrExpired) == .refreshQR)
        #expect(Keymap.action(for: KeyEvent.character("c"), in: .qrWaiting) == .checkNow)
        #expect(Keymap.action(for: KeyEvent.character("P"), in: .qrWaiting) == .simulatePay)
        #expect(Keymap.action(for: KeyEvent.character("R"), in: .notifications) == .replay)
        #expect(Keymap.action(for: KeyEvent.character("j"), in: .orders) == .moveDown)
        #expect(Keymap.action(for: KeyEvent.special(.up), in: .orders) == .moveUp)
        #expect(Keymap.action(for: KeyEvent.character("G"), in: .orders) == .end)
        #expect(Keymap.action(for: KeyEvent.character("v"), in: .notificationDetail) == .toggleRaw)
        #expect(Keymap.action(for: KeyEvent.special(.tab), in: .refundForm) == .nextField)
    }

    @Test func paneBindingOverridesGlobal() {
        #expect(Keymap.action(for: KeyEvent.character("n"), in: .confirm) == .cancel)
        #expect(!Keymap.activeGlobal(for: .confirm).contains(where: { $0.chord == .character("n") }))
    }

    @Test func textEntryContextsLeaveLettersToTheField() {
        #expect(Keymap.action(for: KeyEvent.character("q"), in: .checkoutForm) == nil)
        #expect(Keymap.action(for: KeyEvent.character("1"), in: .search) == nil)
        #expect(Keymap.action(for: KeyEvent.special(.escape), in: .checkoutForm) == .cancel)
        #expect(Keymap.action(for: KeyEvent.function(1), in: .checkoutForm) == .help)
    }

    @Test func noContextBindsOneKeyTwice() {
        for context in KeymapContext.allCases {
            let chords = Keymap.bindings(for: context).map(\.chord)
            #expect(Set(chords).count == chords.count, "\(context)")
        }
        #expect(Set(Keymap.global.map(\.chord)).count == Keymap.global.count)
    }

    @Test func helpListsEveryActiveBindingOfEachContextExactlyOnce() {
        for context in KeymapContext.allCases {
            let lines = Keymap.helpLines(for: context, strings: english)
            let effective = Keymap.effective(for: context)
            for action in Set(effective.map(\.action)) {
                let description = english.description(of: action)
                let matching = lines.filter { $0.hasSuffix("  " + description) }
                #expect(matching.count == (Set(Keymap.bindings(for: context).map(\.action)).contains(action)
                    && Set(Keymap.activeGlobal(for: context).map(\.action)).contains(action) ? 2 : 1),
                    "\(context) \(action)")
                for binding in effective where binding.action == action {
                    #expect(matching.contains { $0.contains(binding.chord.description) }, "\(context) \(binding)")
                }
            }
        }
    }

    @Test func everyActionIsBoundSomewhere() {
        let bound = Set((Keymap.global + KeymapContext.allCases.flatMap { Keymap.bindings(for: $0) }).map(\.action))
        #expect(bound == Set(Action.allCases))
    }

    @Test func hintsFitTheWidthAndComeFromTheKeymap() {
        let hints = Keymap.hints(for: .qrExpired, width: 40, strings: english)
        #expect(hints.hasPrefix("r New code"))
        #expect(DisplayWidth.of(hints) <= 40)
        let narrow = Keymap.hints(for: .orders, width: 12, strings: english)
        #expect(narrow == "Enter Open")
        let chinese = Keymap.hints(for: .orders, width: 30, strings: Strings(language: .simplifiedChinese))
        #expect(DisplayWidth.of(chinese) <= 30 && chinese.hasPrefix("Enter 打开"))
    }

    @Test func markdownReferenceIsTheCommittedKeysDocument() throws {
        let reference = Keymap.markdownReference()
        for context in KeymapContext.allCases {
            #expect(reference.contains("(`\(context.rawValue)`)"))
        }
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../docs/keys.md").standardized
        if ProcessInfo.processInfo.environment["PAYDESK_WRITE_KEYS_DOC"] == "1" {
            try reference.write(to: docs, atomically: true, encoding: .utf8)
        }
        #expect(try String(contentsOf: docs, encoding: .utf8) == reference,
                "docs/keys.md is stale: run with PAYDESK_WRITE_KEYS_DOC=1")
    }
}
