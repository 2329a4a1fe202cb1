import ArgumentParser
import Foundation
import PayCore

/// A failure a command reports: one line on stderr and a non-zero exit status.
struct CLIError: Error, CustomStringConvertible {
    var message: String
    /// 1 for refusals and errors; 75 (EX_TEMPFAIL) when WeChat Pay was unreachable and a retry may work.
    var exitCode: Int32 = 1

    var description: String { message }

    /// Runs a command body and turns every error into a stderr line plus an exit status.
    /// `errorExitCode` replaces the plain 1 of refusals and errors, for a command whose 1 already means something
    /// else (`reconcile`: differences).
    static func reporting(errorExitCode: Int32 = 1, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as ExitCode {
            throw error
        } catch let error as CleanExit {
            throw error
        } catch let error as ValidationError {
            throw error
        } catch {
            let failure = CLIError.from(error)
            StandardStreams.error("paydesk: \(failure.message)")
            throw ExitCode(failure.exitCode == 1 ? errorExitCode : failure.exitCode)
        }
    }

    /// The message and status of any error the core or the configuration throws.
    static func from(_ error: any Error) -> CLIError {
        switch error {
        case let error as CLIError: return error
        case let error as PayCoreError:
            if case .unavailable = error { return CLIError(message: error.description, exitCode: 75) }
            return CLIError(message: error.description)
        case let error as ConfigurationError: return CLIError(message: "configuration: \(error.description)")
        case let error as AmountError: return CLIError(message: "amount: \(error.message)")
        case let error as CustomStringConvertible: return CLIError(message: error.description)
        default: return CLIError(message: "\(error)")
        }
    }
}
