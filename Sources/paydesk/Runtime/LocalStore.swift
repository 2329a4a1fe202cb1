import Foundation
import PayCore

/// Read-only commands (`order show`, `orders`, `refund show`, `notifications`) need only the database: this
/// resolves its path the way `Runtime` does, without starting a simulator or loading keys.
enum LocalStore {
    /// Opens the database the other commands would use.
    static func open(_ options: GlobalOptions) throws -> Store {
        let path = try databasePath(options)
        guard FileManager.default.fileExists(atPath: path) else {
            throw CLIError(message: "no database at \(path) yet (create an order first, or pass --db)")
        }
        return try Store.open(path: path)
    }

    /// `--db`, else the sandbox's or the configuration's database, else the default sandbox database.
    static func databasePath(_ options: GlobalOptions) throws -> String {
        if let db = options.db { return Runtime.absolute(db) }
        if let directory = options.sandbox {
            return try PayDeskConfiguration.sandbox(directory: Runtime.absolute(directory), databasePath: nil).databasePath
        }
        let defaultConfig = PayDeskConfiguration.defaultConfigPath
        if let path = options.config ?? (FileManager.default.fileExists(atPath: defaultConfig) ? defaultConfig : nil) {
            return try PayDeskConfiguration.load(path: path, environment: ProcessInfo.processInfo.environment).databasePath
        }
        return PayDeskConfiguration.defaultSandboxDirectory + "/paydesk.sqlite"
    }
}
