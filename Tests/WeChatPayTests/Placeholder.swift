import Testing

@Test func placeholderWeChatPayTests() { #expect(1 + 1 == 2) }
