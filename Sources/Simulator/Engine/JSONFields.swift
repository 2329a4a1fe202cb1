import Foundation

/// Typed access to a decoded JSON object that reports wrong types as `PARAM_ERROR` naming the field.
struct JSONFields {
    let raw: [String: Any]
    let path: String

    /// Parses `body` as a JSON object; anything else is a `PARAM_ERROR`.
    init(body: Data) throws {
        guard !body.isEmpty else { throw PlatformError.param("request body is empty; a JSON object is required") }
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            throw PlatformError.param("request body is not a JSON object")
        }
        raw = object
        path = ""
    }

    private init(raw: [String: Any], path: String) {
        self.raw = raw
        self.path = path
    }

    private func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func string(_ key: String) throws -> String? {
        guard let value = raw[key], !(value is NSNull) else { return nil }
        guard let text = value as? String else { throw PlatformError.param("\(name(key)) must be a string") }
        return text
    }

    func requiredString(_ key: String) throws -> String {
        guard let text = try string(key), !text.isEmpty else { throw PlatformError.param("\(name(key)) is required") }
        return text
    }

    func int(_ key: String) throws -> Int? {
        guard let value = raw[key], !(value is NSNull) else { return nil }
        // JSONSerialization gives NSNumber; fractions are refused, and so are booleans, whose description is
        // `true`/`false` (on Linux `is Bool` also holds for 0 and 1, so it cannot be used).
        guard let number = value as? NSNumber, let integer = Int(exactly: number.doubleValue),
              String(describing: number) == String(integer)
        else { throw PlatformError.param("\(name(key)) must be an integer") }
        return integer
    }

    func object(_ key: String) throws -> JSONFields? {
        guard let value = raw[key], !(value is NSNull) else { return nil }
        guard let object = value as? [String: Any] else { throw PlatformError.param("\(name(key)) must be an object") }
        return JSONFields(raw: object, path: name(key))
    }

    /// The object re-serialised with sorted keys: equal for equal parameters whatever their order.
    var canonical: String {
        guard let data = try? JSONSerialization.data(withJSONObject: raw, options: [.sortedKeys]) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }
}
