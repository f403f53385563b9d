import Foundation
import RosterCore
import RosterRuntime
import RosterTestSupport
import Testing

/// The apply's policy, decided from `ApplyOptions` values: no process is started.
@Suite struct ApplyOptionsTests {
    @Test func aTerminalIsNeededOnlyToAsk() throws {
        #expect(try ApplyOptions(yes: true).confirmation(stdinIsTerminal: false) == .show)
        #expect(try ApplyOptions(dryRun: true).confirmation(stdinIsTerminal: false) == .show)
        #expect(try ApplyOptions(yes: true).confirmation(stdinIsTerminal: true) == .show)
        #expect(try ApplyOptions().confirmation(stdinIsTerminal: true) == .ask)
        do {
            _ = try ApplyOptions().confirmation(stdinIsTerminal: false)
            Issue.record("an apply off a terminal without --yes was not refused")
        } catch {
            #expect(error.status == 1)
            #expect(error.description == "roster: apply failed: not a terminal, so nobody can confirm: pass --yes to apply")
        }
    }

    @Test func theJournalDefaultsToTheConfigsFolderAndADryRunKeepsNone() {
        #expect(ApplyOptions().journalPath(configFolder: "/srv/people") == "/srv/people/.roster/journal.jsonl")
        #expect(ApplyOptions(journal: "/var/log/roster.jsonl").journalPath(configFolder: "/srv/people") == "/var/log/roster.jsonl")
        #expect(ApplyOptions(dryRun: true).journalPath(configFolder: "/srv/people") == nil)
        #expect(ApplyOptions(dryRun: true, journal: "j.jsonl").journalPath(configFolder: "/srv/people") == nil)
    }

    @Test func secretsGoOnlyToSecretsOutAndNeverOnADryRun() throws {
        #expect(ApplyOptions().secretsTarget == nil)
        #expect(!ApplyOptions().receivesSecrets)
        let target = try #require(ApplyOptions(secretsOut: "s.json", overwriteSecrets: true).secretsTarget)
        #expect(target.path == "s.json" && target.overwrite)
        #expect(ApplyOptions(secretsOut: "s.json").secretsTarget?.overwrite == false)
        #expect(ApplyOptions(secretsOut: "s.json").receivesSecrets)
        #expect(ApplyOptions(dryRun: true, secretsOut: "s.json").secretsTarget == nil)
        #expect(!ApplyOptions(dryRun: true, secretsOut: "s.json").receivesSecrets)
    }

    @Test func secretsNobodyReceivedAreNamedNeverValued() {
        let warning = ApplyOptions().unsavedSecretsWarning(["c/cloud.user/b#password", "a/ctera.s3_credential/k#secret_key"])
        #expect(warning == "warning: 2 new secret(s) were created and not saved, as no --secrets-out was given: "
            + "a/ctera.s3_credential/k#secret_key, c/cloud.user/b#password")
        #expect(ApplyOptions().unsavedSecretsWarning([]) == nil)
        #expect(ApplyOptions(dryRun: true).unsavedSecretsWarning(["a#x"]) == nil)
        #expect(ApplyOptions(secretsOut: "s.json").unsavedSecretsWarning(["a#x"]) == nil)
    }

    /// A secret is on disk before its action is journaled or shown.
    @Test func theSecretsFileHearsOfAnActionFirst() {
        let secrets = Named("secrets"), journal = Named("journal"), progress = Named("progress")
        #expect(ApplyOptions.observers(secrets: secrets, journal: journal, progress: progress).map(Self.name)
            == ["secrets", "journal", "progress"])
        #expect(ApplyOptions.observers(secrets: nil, journal: journal, progress: progress).map(Self.name) == ["journal", "progress"])
        #expect(ApplyOptions.observers(secrets: nil, journal: nil, progress: progress).map(Self.name) == ["progress"])
    }

    @Test func aDryRunOpensNoFileAndARefusedSecretsFileStopsBeforeTheJournal() throws {
        let scratch = Scratch()
        let dry = try ApplyOptions(dryRun: true, secretsOut: scratch.path + "/s.json").openRecords(configFolder: scratch.path)
        #expect(dry.secrets == nil && dry.journal == nil)
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/s.json"))
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/.roster"))

        let existing = scratch.write("taken.json", "{}")
        #expect(throws: (any Error).self) {
            _ = try ApplyOptions(secretsOut: existing).openRecords(configFolder: scratch.path)
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/.roster/journal.jsonl"))

        let records = try ApplyOptions(secretsOut: scratch.path + "/new.json").openRecords(configFolder: scratch.path)
        #expect(records.secrets?.path == scratch.path + "/new.json")
        #expect(records.journal?.path == scratch.path + "/.roster/journal.jsonl")
        let mode = try FileManager.default.attributesOfItem(atPath: scratch.path + "/new.json")[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func aSavedPlanThatCannotBeReadIsAnErrorOfTheCommandLine() throws {
        let scratch = Scratch()
        let missing = scratch.path + "/no-such-plan.json"
        #expect(throws: CLIError(operation: "apply", object: missing, message: "cannot read the saved plan")) {
            try ApplyOptions.readPlan(missing)
        }
        let garbage = scratch.write("plan.json", "not json")
        do {
            _ = try ApplyOptions.readPlan(garbage)
            Issue.record("a file that is no plan was read as one")
        } catch {
            #expect(error.status == 1)
            #expect(error.description.hasPrefix("roster: apply '\(garbage)' failed: not a roster plan: "), "\(error)")
        }
    }

    @Test func cliErrorsReadAsRostersOwnAndKeepTheirStatus() {
        #expect(CLIError(operation: "--out", object: "r.md", message: "cannot write: denied").description
            == "roster: --out 'r.md' failed: cannot write: denied")
        #expect(CLIError(operation: "apply", message: "m").status == 1)
        #expect(CLIError(operation: "apply", message: "m", status: CLIError.usage).status == 64)
    }

    static func name(_ observer: any ExecutionObserver) -> String { (observer as? Named)?.name ?? "?" }

    final class Named: ExecutionObserver {
        let name: String
        init(_ name: String) { self.name = name }
        func finished(_ report: ActionReport, done: Int, of total: Int) {}
    }
}
