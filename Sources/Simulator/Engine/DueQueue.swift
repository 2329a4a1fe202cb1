import Foundation

/// Keys ordered by the time they fall due, earliest first: a binary min-heap.
///
/// The engine's 200 ms sweep pops only what is due (expired unpaid orders, refunds to auto-settle) instead of
/// looking at every order and refund of the book on every tick. Entries are never updated in place: a caller
/// pushes again when a due time changes and checks every popped key against its current record.
struct DueQueue: Sendable {
    private var heap: [(due: Date, key: String)] = []

    var isEmpty: Bool { heap.isEmpty }

    mutating func push(_ key: String, due: Date) {
        heap.append((due, key))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].due < heap[parent].due else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the keys due at or before `now`, earliest first.
    mutating func popDue(at now: Date) -> [String] {
        var due: [String] = []
        while let first = heap.first, first.due <= now {
            due.append(first.key)
            removeFirst()
        }
        return due
    }

    private mutating func removeFirst() {
        let last = heap.removeLast()
        guard !heap.isEmpty else { return }
        heap[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var earliest = parent
            if left < heap.count, heap[left].due < heap[earliest].due { earliest = left }
            if right < heap.count, heap[right].due < heap[earliest].due { earliest = right }
            guard earliest != parent else { return }
            heap.swapAt(parent, earliest)
            parent = earliest
        }
    }
}
