/// Typed reads of decoded v2 fields, failing with `V2Error.malformedResponse` naming the field.
struct V2Fields: Sendable {
    let values: [String: String]

    init(_ values: [String: String]) {
        self.values = values
    }

    func required(_ name: String) throws -> String {
        guard let value = values[name], !value.isEmpty else { throw V2Error.malformedResponse("missing \(name)") }
        return value
    }

    func optional(_ name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    func requiredInt(_ name: String) throws -> Int {
        let text = try required(name)
        guard let number = Int(text) else { throw V2Error.malformedResponse("\(name) is not an integer") }
        return number
    }

    func optionalInt(_ name: String) throws -> Int? {
        guard let text = optional(name) else { return nil }
        guard let number = Int(text) else { throw V2Error.malformedResponse("\(name) is not an integer") }
        return number
    }
}
