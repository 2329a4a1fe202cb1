import Foundation
import Synchronization

/// A one-line progress bar on stderr, redrawn in place; silent when stderr is not a terminal.
final class ProgressBar: Sendable {
    private let label: String
    private let unit: String
    private let enabled: Bool
    private let lastDrawn = Mutex<Int>(-1)

    /// A bar titled `label` counting `unit` (bytes unless told otherwise).
    init(label: String, unit: String = "B") {
        self.label = label
        self.unit = unit
        enabled = StandardStreams.stderrIsTerminal
    }

    /// Draws `received` of `expected` units (`expected` ≤ 0: unknown).
    func update(received: Int64, expected: Int64) {
        guard enabled else { return }
        let width = 30
        let percent = expected > 0 ? Int(min(100, received * 100 / expected)) : -1
        let changed = lastDrawn.withLock { last in
            let key = percent >= 0 ? percent : Int(received / 65_536)
            defer { last = key }
            return key != last
        }
        guard changed else { return }
        let line: String
        if percent >= 0 {
            let filled = percent * width / 100
            line = "\r\(label) [\(String(repeating: "█", count: filled))\(String(repeating: "░", count: width - filled))] \(percent)% \(received) \(unit)"
        } else {
            line = "\r\(label) \(received) \(unit)"
        }
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Ends the line.
    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
