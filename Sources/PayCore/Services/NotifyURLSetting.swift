import Synchronization

/// The notify URL new orders get when their request names none.
///
/// Shared by reference between `PaymentCore` and the services, so that a notification listener bound after the
/// core was built (port 0: the address is known only then) can hand its URL over before the first order.
final class NotifyURLSetting: Sendable {
    private let url: Mutex<String?>

    init(_ url: String?) { self.url = Mutex(url) }

    /// The URL now.
    var current: String? { url.withLock { $0 } }

    /// Replaces the URL.
    func set(_ value: String?) { url.withLock { $0 = value } }
}
