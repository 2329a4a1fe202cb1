import ArgumentParser
import Foundation

/// A duration typed as `90s`, `10m`, `2h`, `3d` (a bare number is seconds).
struct DurationArgument: ExpressibleByArgument, Sendable, Equatable {
    var seconds: TimeInterval

    init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(String, TimeInterval)] = [("s", 1), ("m", 60), ("h", 3600), ("d", 86_400)]
        var multiplier: TimeInterval = 1
        var number = Substring(text)
        if let (suffix, factor) = units.first(where: { text.hasSuffix($0.0) }) {
            multiplier = factor
            number = number.dropLast(suffix.count)
        }
        guard let value = Int(number), value > 0 else { return nil }
        seconds = TimeInterval(value) * multiplier
    }
}
