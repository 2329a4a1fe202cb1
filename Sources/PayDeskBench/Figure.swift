import Foundation
import WeChatPay

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

/// Ours against a reference in alternating slices on one CPU (`onOneCPU`), so that load from other processes on a
/// shared machine hits both alike: the two rates, each the median of its slices' rates, so that a burst of host load
/// during a few slices does not count. (What had spread the ratio from 0.61 to 1.09 between runs minutes apart was
/// the two sides running on different CPUs, not bursts: docs/performance.md.)
func alternatingRates(
    slices: Int = 20, ours: () throws -> (calls: Double, seconds: Double),
    reference: () throws -> (calls: Double, seconds: Double)
) rethrows -> (ours: Double, reference: Double) {
    try onOneCPU {
        var rates = (ours: [Double](), reference: [Double]())
        for _ in 0..<slices {
            let measuredReference = try reference()
            rates.reference.append(measuredReference.calls / measuredReference.seconds)
            let measured = try ours()
            rates.ours.append(measured.calls / measured.seconds)
        }
        return (median(rates.ours), median(rates.reference))
    }
}

/// Runs `body` with every thread of this process bound to the CPU the caller is on, then restores each thread's
/// CPUs. "Ours" runs on a thread of the cooperative pool, the reference on the caller's: on different virtual CPUs
/// of this host they ran at different speeds for seconds at a time (a verification ratio of 1.08, faster than raw
/// RSA), whatever the slices.
func onOneCPU<T>(_ body: () throws -> T) rethrows -> T {
    // GNU extensions that Swift's Glibc module leaves out.
    typealias Affinity = @convention(c) (pid_t, Int, UnsafeMutableRawPointer) -> Int32
    typealias CurrentCPU = @convention(c) () -> Int32
    guard let getAffinity = dlsym(nil, "sched_getaffinity").map({ unsafeBitCast($0, to: Affinity.self) }),
        let setAffinity = dlsym(nil, "sched_setaffinity").map({ unsafeBitCast($0, to: Affinity.self) }),
        let currentCPU = dlsym(nil, "sched_getcpu").map({ unsafeBitCast($0, to: CurrentCPU.self) })
    else { return try body() }
    func threads() -> [pid_t] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []).compactMap { pid_t($0) }
    }
    let size = MemoryLayout<cpu_set_t>.size
    var callers = cpu_set_t()
    guard getAffinity(0, size, &callers) == 0 else { return try body() }
    var saved: [pid_t: cpu_set_t] = [:]
    for thread in threads() {
        var mask = cpu_set_t()
        if getAffinity(thread, size, &mask) == 0 { saved[thread] = mask }
    }
    var one = cpu_set_t()
    let cpu = Int(currentCPU())
    withUnsafeMutableBytes(of: &one) { bytes in
        if cpu >= 0, cpu < bytes.count * 8 { bytes[cpu / 8] |= UInt8(1 << (cpu % 8)) }
    }
    for thread in saved.keys { _ = setAffinity(thread, size, &one) }
    defer {
        // Threads started meanwhile inherited the one CPU: they get the caller's CPUs.
        for thread in threads() {
            var mask = saved[thread] ?? callers
            _ = setAffinity(thread, size, &mask)
        }
    }
    return try body()
}

/// The middle value (the mean of the two middle ones for an even count); 0 for none.
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}
