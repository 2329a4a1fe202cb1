import Foundation

/// One benchmark result, printed as one JSON line: `{"name","value","unit","reference","reference_value","ratio"}`.
/// The reference is measured in the same run on the same machine, because absolute times drift on shared machines.
struct Figure: Encodable {
    var name: String
    var value: Double
    var unit: String
    var reference: String?
    var referenceValue: Double?
    var ratio: Double?

    enum CodingKeys: String, CodingKey {
        case name, value, unit, reference, ratio
        case referenceValue = "reference_value"
    }

    /// A figure compared with a reference; `ratio` is value / reference, rounded to three decimals.
    static func compared(_ name: String, value: Double, unit: String, reference: String, referenceValue: Double) -> Figure {
        Figure(name: name, value: value, unit: unit, reference: reference, referenceValue: referenceValue,
               ratio: referenceValue > 0 ? (value / referenceValue * 1000).rounded() / 1000 : nil)
    }
}

func emit(_ figure: Figure) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    if let data = try? encoder.encode(figure) { print(String(decoding: data, as: UTF8.self)) }
    fflush(nil)  // all output streams: naming `stdout` is not concurrency-safe in Swift 6
}

/// Calls `body` repeatedly for about `seconds` and returns calls per second.
func rate(seconds: Double = 2, _ body: () throws -> Void) rethrows -> Double {
    let clock = ContinuousClock()
    var count = 0
    let start = clock.now
    var elapsed = Duration.zero
    while elapsed < .seconds(seconds) {
        for _ in 0..<16 { try body() }
        count += 16
        elapsed = clock.now - start
    }
    return Double(count) / elapsed.seconds
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
