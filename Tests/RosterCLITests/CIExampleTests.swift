import Foundation
import RosterYAML
import Testing
import RosterTestSupport

/// `examples/ci/`: the GitHub Actions workflow is valid YAML, and the roster commands of its jobs
/// run, as written, against the quick start's sandbox through the built binary.
@Suite(.serialized) struct CIExampleTests {
    static let workflow = RosterBinary.packageRoot + "/examples/ci/.github/workflows/roster.yml"

    /// The `roster ...` lines of each job's `run:` steps, in order.
    static func commands() throws -> [String: [String]] {
        let document = try YAMLDocument.load(path: workflow)
        guard let jobs = document.root["jobs"] else { return [:] }
        var result: [String: [String]] = [:]
        for job in jobs.entries {
            var lines: [String] = []
            guard let steps = job.value["steps"] else { continue }
            for step in steps.items {
                guard let run = step["run"]?.scalar else { continue }
                for line in run.split(separator: "\n") {
                    let trimmed = line.trimmingCharacters(in: .whitespaces)
                    if trimmed.hasPrefix("roster ") { lines.append(trimmed) }
                }
            }
            result[job.key.scalar ?? ""] = lines
        }
        return result
    }

    @Test func workflowIsValidYAMLWithTheThreeJobs() throws {
        let document = try YAMLDocument.load(path: Self.workflow)
        #expect(document.root["on"]?["pull_request"] != nil)
        #expect(document.root["on"]?["schedule"]?.items.first?["cron"]?.scalar != nil)
        let commands = try Self.commands()
        #expect(commands["plan"]?.contains { $0.contains("--out") && $0.contains("--format markdown") && $0.contains("--base") } == true)
        #expect(commands["apply"]?.contains { $0.hasPrefix("roster apply roster-plan.json") } == true)
        #expect(commands["drift"]?.contains { $0.contains("--detailed-exitcode") } == true)
    }

    /// Every job that runs roster installs the release tarball (docs/install.md) through the
    /// install-roster action, which downloads, checks and unpacks it: no toolchain, no build.
    @Test func jobsInstallTheReleaseTarballWithoutAToolchain() throws {
        let actionPath = RosterBinary.packageRoot + "/examples/ci/.github/actions/install-roster/action.yml"
        let action = try YAMLDocument.load(path: actionPath)
        let scripts = action.root["runs"]?["steps"]?.items.compactMap { $0["run"]?.scalar }.joined(separator: "\n") ?? ""
        #expect(scripts.contains("sha256sum -c"))
        #expect(scripts.contains("tar -xzf"))
        #expect(scripts.contains("GITHUB_PATH"))
        let texts = [try String(contentsOfFile: actionPath, encoding: .utf8), try String(contentsOfFile: Self.workflow, encoding: .utf8)]
        for text in texts {
            #expect(!text.contains("swift build") && !text.contains("setup-swift") && !text.contains("swift-actions"))
        }
        let workflow = try YAMLDocument.load(path: Self.workflow)
        let jobs = try #require(workflow.root["jobs"]).entries
        #expect(jobs.count == 3)
        for job in jobs {
            let install = job.value["steps"]?.items.first { $0["uses"]?.scalar == "./.github/actions/install-roster" }
            #expect(install?["with"]?["url"]?.scalar == "${{ vars.ROSTER_RELEASE_URL }}", "\(job.key.scalar ?? "")")
            #expect(install?["with"]?["sha256"]?.scalar == "${{ vars.ROSTER_RELEASE_SHA256 }}", "\(job.key.scalar ?? "")")
        }
    }

    @Test func itsCommandsRunAgainstTheSandbox() async throws {
        let commands = try Self.commands()
        let scratch = Scratch()
        let folder = try scratch.copy("examples/quickstart")
        let shell = Shell(directory: scratch.path, config: folder + "/roster.yaml")
        // The pull request adds the quick start's people to a base branch that has none.
        let repo = try GitRepo(at: scratch.path)
        let config = try String(contentsOfFile: folder + "/roster.yaml", encoding: .utf8)
        let people = try #require(config.range(of: "\npeople:\n"))
        repo.write("quickstart/roster.yaml", String(config[..<people.lowerBound]) + "\npeople: {}\n")
        try repo.commit()
        try repo.git(["update-ref", "refs/remotes/origin/main", "HEAD"])
        repo.write("quickstart/roster.yaml", config)

        for command in commands["plan"] ?? [] {
            let result = try await shell.run(command)
            #expect(result.status == 0, "\(command): \(result.all)")
        }
        let markdown = try String(contentsOfFile: scratch.path + "/roster-plan.md", encoding: .utf8)
        #expect(markdown.hasPrefix("### roster plan\n\n| backend | type | create | update | delete |"))
        #expect(markdown.contains("| uyuni | uyuni |"))
        #expect(markdown.contains("delete (state: absent)"))
        #expect(FileManager.default.fileExists(atPath: scratch.path + "/roster-plan.json"))

        // Before the merge the live systems differ from the config: the drift plan says so.
        for command in commands["drift"] ?? [] {
            let result = try await shell.run(command)
            #expect(result.status == 2, "\(command): \(result.all)")
        }
        for command in commands["apply"] ?? [] {
            let result = try await shell.run(command)
            #expect(result.status == 0, "\(command): \(result.all)")
            #expect(result.stderr.contains("appended to roster-journal.jsonl"))
        }
        let journal = try String(contentsOfFile: scratch.path + "/roster-journal.jsonl", encoding: .utf8)
        #expect(journal.split(separator: "\n").count >= 3)
        #expect(!journal.contains("\"failed\""))
        // After the apply, the nightly drift plan finds nothing.
        for command in commands["drift"] ?? [] {
            let result = try await shell.run(command)
            #expect(result.status == 0, "\(command): \(result.all)")
        }
        let drift = try String(contentsOfFile: scratch.path + "/roster-drift.md", encoding: .utf8)
        #expect(drift.contains("No changes"))
        for file in ["roster-plan.md", "roster-plan.json", "roster-journal.jsonl", "roster-drift.md"] {
            let text = try String(contentsOfFile: scratch.path + "/" + file, encoding: .utf8)
            #expect(!text.contains("alice-first-day-1"), "\(file)")
        }
    }
}

/// Runs one workflow line with `sh`, the built roster on PATH and ROSTER_CONFIG set.
struct Shell {
    let directory: String
    let config: String

    func run(_ line: String) async throws -> RosterBinary.Result {
        let bin = (RosterBinary.path as NSString).deletingLastPathComponent
        let path = bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        return try await onOwnThread {
            try RosterBinary.runBlocking(["-c", line], environment: ["PATH": path, "ROSTER_CONFIG": config, "BASE_REF": "main"],
                                         directory: directory, executable: "/bin/sh")
        }
    }
}
