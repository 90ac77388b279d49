import ArgumentParser
import JSONCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension ZohoBillingMCP {
    /// Checks the whole setup in order and says what to fix.
    struct Doctor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the configuration, sign-in, region, clock, organization, scopes and audit log.",
            discussion: """
                One line per check, with the fix for each failure; the exit status is non-zero when any check \
                fails. The output holds no secret, so it can be pasted into a bug report.
                """)

        @OptionGroup var options: GlobalOptions

        @Flag(help: "Print the checks as JSON.")
        var json = false

        func run() async throws {
            let environment = ProcessInfo.processInfo.environment
            let settings: ServerSettings
            do {
                settings = try options.settings(environment: environment)
            } catch {
                let check = DoctorCheck.failed(
                    "settings", "\(error)", fix: "Correct the setting named above (`zoho-billing-mcp serve --help`).")
                emit([check], origins: [])
                throw ExitCode.failure
            }
            let logger = Runtime.bootstrapLogging(level: settings.logLevel)
            var doctor = DoctorRun(options: options, settings: settings, environment: environment, logger: logger)
            await doctor.run()
            emit(doctor.checks, origins: doctor.origins)
            if doctor.failed { throw ExitCode.failure }
        }

        private func emit(_ checks: [DoctorCheck], origins: [SettingOrigin]) {
            let healthy = !checks.contains { $0.outcome == .failed }
            if json {
                let report: JSONValue = [
                    "ok": .bool(healthy),
                    "version": .string(ZohoBillingMCP.version),
                    "checks": .array(checks.map(\.json)),
                    "settings": .array(
                        origins.map {
                            [
                                "name": .string($0.name), "value": .string($0.value),
                                "source": .string($0.source.rawValue),
                            ]
                        }),
                ]
                print(report.serialized(.pretty))
                return
            }
            for check in checks { print(check.line) }
            let failures = checks.filter { $0.outcome == .failed }.count
            print(healthy ? "All checks passed." : "\(failures) check\(failures == 1 ? "" : "s") failed.")
        }
    }
}
