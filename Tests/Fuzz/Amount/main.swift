// libFuzzer target: the cashier amount parser (PayCore AmountParser), see docs/hardening.md.
import PayCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAmount(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = inputBytes(data, size)
    let text = String(decoding: bytes, as: UTF8.self)
    let partial = AmountParser.validatePartial(text)
    do {
        let fen = try AmountParser.parse(text)
        require((1...AmountParser.maximumFen).contains(fen), "\(text) parsed to \(fen) fen")
        require(partial == .valid(fen: fen), "\(text): parse gave \(fen), live validation \(partial)")
        // What the console shows must read back as the same amount.
        let shown = AmountParser.formatYuan(fen)
        require((try? AmountParser.parse(shown)) == fen, "\(fen) fen formatted as \(shown) does not parse back")
        require((try? AmountParser.parse("¥" + shown)) == fen, "¥\(shown) does not parse back")
    } catch {
        require(!error.message.isEmpty, "empty message for \(error)")
        if case .valid = partial { require(false, "\(text): parse failed (\(error)) but live validation said \(partial)") }
        if case .invalid(let live) = partial { require(live == error, "\(text): parse \(error), live \(live)") }
    }
    // Formatting any Int (Int.min included) never traps, and grouping only adds commas.
    if bytes.count >= 8 {
        let fen = bytes.prefix(8).reduce(0) { ($0 << 8) | Int($1) }
        let plain = AmountParser.formatYuan(fen)
        let grouped = AmountParser.formatYuan(fen, grouped: true)
        require(grouped.filter { $0 != "," } == plain, "\(grouped) vs \(plain)")
    }
    return 0
}
