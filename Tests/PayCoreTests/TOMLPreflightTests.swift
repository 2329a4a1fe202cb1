import Foundation
import PayCore
import Testing

/// What toml++ asserts on (found by the Configuration fuzz target, docs/hardening.md): table headers without a key, a
/// `}` inside an array and a date followed by a space and one digit are refused with their line before TOMLKit sees
/// them; valid TOML, with `[` and `}` inside values, strings and comments, and dates with times, passes.
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
    /// The third one (crash-c345b147…, session 11), all ASCII: `}` where a value of the nested arrays should be.
    static let fuzzCrashBraceInArray =
        "[merchant]\nmchiv3_key =[[[[[}}[[[mer[VfTs3jQzaW90[mds 2 2]\nu[mdrl =0\"hsecre\"++++s ++e2m "
    /// The line of the fourth one (crash-56a1c780…, session 11) that toml++ asserted on, byte for byte: two bytes
    /// that are not UTF-8 (each decoded as U+FFFD) make `1026-02-` ten characters, a "date", then ` 1`.
    static let fuzzCrashDateSpaceDigit = String(decoding: Array("a = 1\ntid =1026-02-".utf8) + [0xb1, 0xeb]
        + Array(" 1\nt.ut.ck.cko= 3\n".utf8), as: UTF8.self)

    @Test(arguments: [
        ("[=]\n", 1), ("[é]\n", 1), ("a = 1\n\n[ =]\n", 3), ("[[#]]\n", 1), ("[\n", 1), ("[.a]\n", 1),
        ("x = \"\"\"\n[a]\n\"\"\"\n[,]\n", 4), (fuzzCrash, 1), ("\u{FEFF}[!a]\n", 1), ("\u{FEFF}a = 1\n[=]\n", 2),
        (fuzzCrashAfterBOM, 1),
    ])
    func findsHeadersWithoutAKey(text: String, line: Int) {
        let problem = TOMLPreflight.firstProblem(in: text)
        #expect(problem?.line == line && problem?.message == TOMLPreflight.badHeaderMessage)
    }

    @Test(arguments: [
        ("a = [}]\n", 1), ("a = [1,}]\n", 1), ("a = [\n  1,\n  # last\n}]\n", 4), ("a = [ { b = 1 } }\n", 1),
        ("t = { a = [1, 2 } }\n", 1), ("[x]\ns = \"}\"\na = [[1], }]\n", 3), (fuzzCrashBraceInArray, 2),
    ])
    func findsABraceInsideAnArray(text: String, line: Int) {
        let problem = TOMLPreflight.firstProblem(in: text)
        #expect(problem?.line == line && problem?.message == TOMLPreflight.braceInArrayMessage)
    }

    @Test(arguments: [
        ("a = 1979-05-27 1\n", 1), ("a = [1979-05-27 1]\n", 1), ("x = 1\na = { b = 1979-05-27 2}\n", 2),
        ("a = 1_979-05-27 1\n", 1), ("a = 1026-02-xy 1,\n", 1), ("a = 1979-05-27 1#\n", 1),
        (fuzzCrashDateSpaceDigit, 2),
    ])
    func findsADateFollowedByASpaceAndOneDigit(text: String, line: Int) {
        let problem = TOMLPreflight.firstProblem(in: text)
        #expect(problem?.line == line && problem?.message == TOMLPreflight.dateSpaceDigitMessage)
    }

    @Test(arguments: [
        "[merchant]\nmchid = \"1\"\n", "[[orders]]\n[ a . b ]\n[\"é\"]\n['x']\n[]\n",
        "x = [\n  [1, 2],\n  [{ a = 1 }],\n]\n", "s = \"\"\"\n[=]\n\"\"\"\nt = '''\n[é]\n'''\n",
        "# [=]\nk = \"[=]\" # [é]\n", "k = \"a\\\"[=]\"\n", "", "\u{FEFF}[merchant]\nmchid = \"1\"\n",
        "a = [\"}\", '}', { b = [1] }] # }\n", "t = { a = [], b = { c = [{}] } }\n",
        "d = 1979-05-27 07:32:00\ne = 1979-05-27 # 1\nf = [1979-05-27 , 1]\ng = \"1979-05-27 1\"\n",
    ])
    func passesValidTOML(text: String) {
        #expect(TOMLPreflight.firstProblem(in: text) == nil)
    }

    @Test func configurationNamesTheLineInsteadOfCrashing() throws {
        let cases = [
            ("[merchant]\nmchid = \"1\"\n[é]\n", 3, TOMLPreflight.badHeaderMessage),
            (Self.fuzzCrash, 1, TOMLPreflight.badHeaderMessage), (Self.fuzzCrashAfterBOM, 1, TOMLPreflight.badHeaderMessage),
            (Self.fuzzCrashBraceInArray, 2, TOMLPreflight.braceInArrayMessage),
            (Self.fuzzCrashDateSpaceDigit, 2, TOMLPreflight.dateSpaceDigitMessage),
        ]
        for (text, line, message) in cases {
            let (directory, path) = try ConfigurationTests.write(text)
            defer { try? FileManager.default.removeItem(at: directory) }
            #expect {
                try PayDeskConfiguration.load(path: path, environment: [:])
            } throws: { error in
                let error = error as? ConfigurationError
                return error?.line == line && error?.file == path && error?.message == message
            }
        }
    }
}
