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
    fflush(nil)  // all streams: each figure reaches a pipe at once
}

/// Calls `body` repeatedly for about `seconds` and returns calls per second.
func rate(seconds: Double = 2, _ body: () throws -> Void) rethrows -> Double {
    let measured = try measure(seconds: seconds, body)
    return measured.calls / measured.seconds
}

/// Calls `body` repeatedly (16 at a time between clock reads) for about `seconds`; returns the calls and the time.
func measure(seconds: Double, _ body: () throws -> Void) rethrows -> (calls: Double, seconds: Double) {
    let clock = ContinuousClock()
    var count = 0
    let start = clock.now
    var elapsed = Duration.zero
    while elapsed < .seconds(seconds) {
        for _ in 0..<16 { try body() }
        count += 16
        elapsed = clock.now - start
    }
    return (Double(count), elapsed.seconds)
}

/// Ours against a reference in alternating slices (`slices` × `seconds` each), so that load from other processes
/// on a shared machine hits both alike: the two rates, each total calls over total time.
func alternatingRates(
    slices: Int = 10, seconds: Double = 0.2, ours: () throws -> (calls: Double, seconds: Double),
    reference: () throws -> (calls: Double, seconds: Double)
) rethrows -> (ours: Double, reference: Double) {
    var totals = (calls: 0.0, seconds: 0.0, referenceCalls: 0.0, referenceSeconds: 0.0)
    for _ in 0..<slices {
        let measuredReference = try reference()
        totals.referenceCalls += measuredReference.calls
        totals.referenceSeconds += measuredReference.seconds
        let measured = try ours()
        totals.calls += measured.calls
        totals.seconds += measured.seconds
    }
    return (totals.calls / totals.seconds, totals.referenceCalls / totals.referenceSeconds)
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
