import ArgumentParser

@main
struct PayDesk: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paydesk",
        abstract: "A terminal merchant console for WeChat Pay.",
        subcommands: [SimCommand.self])

    func run() async throws {
        print("paydesk: console not built yet")
    }
}
