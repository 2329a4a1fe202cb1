import Foundation
import PayCore
import TerminalUI

/// What one orders run measured, passed from the child process to the parent as one JSON line.
struct OrdersMeasurement: Codable {
    /// Store.open to the orders pane's first frame presented, in ms.
    var firstFrameMilliseconds: Double
    /// The same in CPU time of the process (what the work costs, apart from waiting for a core).
    var firstFrameCPUMilliseconds: Double
    /// Keypress latencies (dispatch + frame presented), in ms, 99th percentile and worst; then the p99 in CPU time.
    var keypressP99Milliseconds: Double
    var keypressP99CPUMilliseconds: Double
    var keypressMaxMilliseconds: Double
    var keypresses: Int
    /// The slowest key and what the script was doing then.
    var slowestStep: String
    /// VmHWM and VmRSS of the child at the end, in kB, and VmRSS before the store was opened.
    var peakKilobytes: Int
    var residentKilobytes: Int
    var baselineKilobytes: Int
}

/// The orders script, run in a child process (`paydesk-bench --orders-child DB`) that does nothing else, so its
/// peak RSS is the orders pane's: open the pane, page down 1,000 times, jump to the end and back, search (FTS),
/// cycle the status and date filters. Each search starts from an empty field and is cleared with `x` after it. Every key goes through `UIApp.dispatch` and ends with a frame rendered to
/// the surface and diffed against the previous one, as on a real terminal.
enum OrdersWorkload {
    static let childFlag = "--orders-child"
    static let seedFlag = "--orders-seed"

    static func runChild(databasePath: String) throws {
        let baseline = ProcessStatus.kilobytes("VmRSS")
        let clock = ContinuousClock()
        let opened = clock.now
        let openedCPU = CPUTime.now()
        let store = try Store.open(path: databasePath)
        let merchantID = try store.read { db in try Int64.fetchOne(db, sql: "SELECT min(id) FROM merchants") }
        let terminal = BenchTerminal(size: TerminalSize(columns: 120, rows: 40))
        let strings = Strings(language: .english)
        let app = ConsoleApp.makeApp(
            terminal: terminal, theme: ThemeLoader.builtin(named: "default"),
            backend: StoreOnlyBackend(store: store, merchantID: merchantID),
            context: ConsoleContext(merchantName: "Bench shop", isSandbox: true), options: ConsoleOptions(),
            strings: strings)
        app.topPane?.activate()
        app.render()
        let firstFrame = (clock.now - opened).milliseconds
        let firstFrameCPU = CPUTime.now() - openedCPU
        guard let pane = app.topPane as? OrdersPane, terminal.frames == 1,
              terminal.screenLines.joined().contains("S") else { throw BenchError("the orders pane did not draw") }

        var latencies: [(Double, String)] = []
        var cpuLatencies: [(Double, String)] = []
        latencies.reserveCapacity(1_200)
        cpuLatencies.reserveCapacity(1_200)
        func press(_ event: KeyEvent, _ step: String) {
            let start = clock.now
            let startCPU = CPUTime.now()
            app.dispatch(event)
            app.render()
            latencies.append(((clock.now - start).milliseconds, step))
            cpuLatencies.append((CPUTime.now() - startCPU, step))
        }
        for _ in 0..<1_000 { press(.special(.pageDown), "page down") }
        press(.character("G"), "jump to end")
        try expect(!pane.window.hasOlder, "G did not reach the oldest order")
        for _ in 0..<20 { press(.special(.pageUp), "page up from the end") }
        press(.character("g"), "home")
        for (text, label) in [("咖啡", "search 咖啡 (about 1/6 of rows)"), ("Flat white", "search Flat white"),
                              ("S", "search S (every order number)")] {
            press(.character("/"), "open search")
            try expect(pane.searchText.isEmpty, "the search field was not empty before \(label)")
            for character in text { press(.character(character), "type search text") }
            press(.special(.enter), label)
            for _ in 0..<20 { press(.special(.pageDown), "page down in " + label) }
            press(.character("G"), "end of " + label)
            // `x` clears the search (Esc in the list closes nothing and would leave the text for the next search
            // and for the filters below).
            press(.character("x"), "clear search")
        }
        for index in 1..<6 {
            press(.character("f"), "status filter \(index)")
            for _ in 0..<20 { press(.special(.pageDown), "page down in status filter \(index)") }
            press(.character("G"), "end of status filter \(index)")
        }
        press(.character("f"), "status filter off")
        for index in 1..<4 {
            press(.character("d"), "date filter \(index)")
            for _ in 0..<20 { press(.special(.pageDown), "page down in date filter \(index)") }
            press(.character("G"), "end of date filter \(index)")
        }
        press(.character("x"), "clear filters")
        try expect(terminal.frames == latencies.count + 1, "a key did not produce exactly one frame")

        let sorted = latencies.map(\.0).sorted()
        let slowest = latencies.max { $0.0 < $1.0 }
        let measurement = OrdersMeasurement(
            firstFrameMilliseconds: firstFrame, firstFrameCPUMilliseconds: firstFrameCPU,
            keypressP99Milliseconds: percentile99(sorted), keypressP99CPUMilliseconds: percentile99(cpuLatencies.map(\.0).sorted()),
            keypressMaxMilliseconds: sorted.last ?? 0, keypresses: sorted.count,
            slowestStep: slowest?.1 ?? "", peakKilobytes: ProcessStatus.kilobytes("VmHWM"),
            residentKilobytes: ProcessStatus.kilobytes("VmRSS"), baselineKilobytes: baseline)
        print(String(decoding: try JSONEncoder().encode(measurement), as: UTF8.self))
        reportSlowestKeys(cpuLatencies)
    }

    /// The keys above the 99th percentile and just below it, by CPU time, on stderr: which steps to profile.
    private static func reportSlowestKeys(_ keys: [(Double, String)]) {
        let slowest = keys.sorted { $0.0 > $1.0 }.prefix(keys.count / 100 + 5)
        let lines = slowest.map { "  \(OrdersBench.rounded($0.0)) ms CPU  \($0.1)" }.joined(separator: "\n")
        FileHandle.standardError.write(Data(("slowest keys (CPU):\n" + lines + "\n").utf8))
    }

    /// The nearest-rank 99th percentile of sorted values.
    static func percentile99(_ sorted: [Double]) -> Double {
        sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int((Double(sorted.count) * 0.99).rounded(.up)) - 1)]
    }

    private static func expect(_ condition: Bool, _ message: String) throws {
        if !condition { throw BenchError(message) }
    }
}

/// Fields of /proc/self/status.
enum ProcessStatus {
    /// A `kB` field such as VmRSS or VmHWM; 0 when unreadable.
    static func kilobytes(_ field: String) -> Int {
        guard let text = read("/proc/self/status") else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            // "VmHWM:\t   41616 kB": a tab, then spaces.
            return Int(line.dropFirst(field.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "") ?? 0
        }
        return 0
    }

    /// A /proc file's text; nil if it cannot be opened. /proc files report size 0: read with read(2) until EOF.
    static func read(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = Glibc.read(descriptor, &buffer, buffer.count)
            if count <= 0 { break }
            bytes += buffer.prefix(count)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// CPU time of this process (all threads), in ms.
enum CPUTime {
    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1_000_000
    }
}

extension Duration {
    var milliseconds: Double { seconds * 1000 }
}
