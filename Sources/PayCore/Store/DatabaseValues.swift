import GRDB

// Domain enums stored as their raw text, usable in query-interface filters.
extension OrderStatus: DatabaseValueConvertible {}
extension RefundState: DatabaseValueConvertible {}
