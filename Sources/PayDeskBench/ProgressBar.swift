import Foundation

/// A progress bar on stderr (stdout carries only the JSON figures): redrawn in place on a terminal,
/// one line per tenth otherwise (logs).
struct ProgressBar {
    let label: String
    let total: Int
    private let interactive = isatty(2) == 1
    private var lastTenth = -1

    init(label: String, total: Int) {
        self.label = label
        self.total = total
    }

    mutating func update(_ done: Int) {
        let fraction = total > 0 ? Double(done) / Double(total) : 1
        if interactive {
            let filled = Int(fraction * 30)
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: 30 - filled)
            write("\r\(label) \(bar) \(Int(fraction * 100))% \(done)/\(total)" + (done >= total ? "\n" : ""))
        } else {
            let tenth = Int(fraction * 10)
            guard tenth != lastTenth else { return }
            lastTenth = tenth
            write("\(label) \(tenth * 10)% \(done)/\(total)\n")
        }
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
