import Foundation
import PayCore
import Testing

/// Table headers toml++ asserts on (found by the Configuration fuzz target, docs/hardening.md) are refused with their
/// line before TOMLKit sees them; valid TOML, with `[` inside values, strings and comments, passes.
@Suite("TOML preflight")
struct TOMLPreflightTests {
    /// The fuzzer's crashing input (crash-bf7048ab…), decoded the way the fuzz target and a file read decode it.
    static let fuzzCrash = String(decoding: [
        0x5b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x6d, 0x65, 0x72, 0x63, 0x68, 0x61, 0x6e, 0x74, 0x5d, 0x0a, 0x6d, 0x63,
        0x68, 0x69, 0x64, 0x20, 0x3d, 0x20, 0x22, 0x31, 0x22, 0x0a, 0x63, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x02, 0xff,
        0xff, 0xff, 0x6c, 0x6f, 0x75, 0x72, 0x20, 0x3d, 0x20, 0x33, 0x0a,
    ] as [UInt8], as: UTF8.self)
    /// The second one (crash-cbe50ec1…, session 4): a header starting with `!` behind a UTF-8 byte order mark.
    static let fuzzCrashAfterBOM = String(decoding: [
        0xef, 0xbb, 0xbf, 0x5b, 0x21, 0x65, 0x72, 0x69, 0x61, 0x6c, 0x5f, 0x6e, 0x6f, 0x00, 0x74, 0x5d, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x30, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x3d, 0x20, 0x32, 0x0a,
    ] as [UInt8], as: UTF8.self)

    @Test(arguments: [
        ("[=]\n", 1), ("[é]\n", 1), ("a = 1\n\n[ =]\n", 3), ("[[#]]\n", 1), ("[\n", 1), ("[.a]\n", 1),
        ("x = \"\"\"\n[a]\n\"\"\"\n[,]\n", 4), (fuzzCrash, 1), ("\u{FEFF}[!a]\n", 1), ("\u{FEFF}a = 1\n[=]\n", 2),
        (fuzzCrashAfterBOM, 1),
    ])
    func findsHeadersWithoutAKey(text: String, line: Int) {
        #expect(TOMLPreflight.firstBadTableHeader(in: text) == line)
    }

    @Test(arguments: [
        "[merchant]\nmchid = \"1\"\n", "[[orders]]\n[ a . b ]\n[\"é\"]\n['x']\n[]\n",
        "x = [\n  [1, 2],\n  [{ a = 1 }],\n]\n", "s = \"\"\"\n[=]\n\"\"\"\nt = '''\n[é]\n'''\n",
        "# [=]\nk = \"[=]\" # [é]\n", "k = \"a\\\"[=]\"\n", "", "\u{FEFF}[merchant]\nmchid = \"1\"\n",
    ])
    func passesValidTOML(text: String) {
        #expect(TOMLPreflight.firstBadTableHeader(in: text) == nil)
    }

    @Test func configurationNamesTheLineInsteadOfCrashing() throws {
        for (text, line) in [("[merchant]\nmchid = \"1\"\n[é]\n", 3), (Self.fuzzCrash, 1), (Self.fuzzCrashAfterBOM, 1)] {
            let (directory, path) = try ConfigurationTests.write(text)
            defer { try? FileManager.default.removeItem(at: directory) }
            #expect {
                try PayDeskConfiguration.load(path: path, environment: [:])
            } throws: { error in
                let error = error as? ConfigurationError
                return error?.line == line && error?.file == path && error?.message == TOMLPreflight.badHeaderMessage
            }
        }
    }
}
