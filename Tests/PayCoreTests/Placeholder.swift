import Testing

@Test func placeholderPayCoreTests() { #expect(1 + 1 == 2) }
