// libFuzzer target: the TOML configuration loader (PayCore Configuration), see docs/hardening.md.
@testable import PayCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfiguration(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: inputBytes(data, size), as: UTF8.self)
    do {
        let source = try PayDeskConfiguration.parse(toml: text, file: "fuzz.toml")
        do {
            let configuration = try PayDeskConfiguration.build(from: source)
            require(configuration.apiV3Key.value.utf8.count == 32, "accepted an APIv3 key that is not 32 bytes")
        } catch {
            require(!error.message.isEmpty, "empty message for \(error)")
        }
    } catch {
        require(error.file == "fuzz.toml" && !error.message.isEmpty, "error without file or message: \(error)")
    }
    if let seconds = ConfigurationSource.parseDuration(text) {
        require(seconds >= 0, "negative duration \(seconds) from \(text)")
    }
    return 0
}
