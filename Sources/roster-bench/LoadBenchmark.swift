import ArgumentParser
import Foundation
import RosterCore
import RosterRuntime
import RosterYAML

/// `roster-bench load --people N`: load and resolve a generated config against a bare libyaml
/// event scan of the same bytes, and the process's peak memory.
struct LoadBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Time loading and resolving a config of N people against a bare libyaml scan."
    )

    @Option(help: "People in the generated config.")
    var people = 100_000

    @Option(help: "Measured runs of each; the median is reported.")
    var runs = 5

    @Flag(help: "Print the figures as JSON.")
    var json = false

    func run() throws {
        let path = NSTemporaryDirectory() + "roster-bench-\(getpid()).yaml"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let size = try ConfigGenerator.write(people: people, to: path)
        let loader = ConfigLoader(registry: Roster.registry, environment: [:])
        var scans: [Double] = [], loads: [Double] = [], growths: [Double] = []
        var resolved = 0
        for _ in 0..<runs {
            scans.append(try Stopwatch.time { _ = try YAMLScan.countEvents(path: path) })
            // The result stays alive past the stopwatch, as in a real run: freeing it is not loading.
            var kept: (RosterConfig, [String: DesiredState])?
            Memory.resetPeak()
            let base = Memory.resident
            loads.append(try Stopwatch.time {
                let config = try loader.load(path: path)
                kept = (config, try loader.resolve(config))
            })
            growths.append(Double(max(0, Memory.peak - base)))
            resolved = kept?.1.values.reduce(0) { $0 + $1.resources.count } ?? 0
            kept = nil
        }
        // One more run, split by stage: the YAML document alone (one part, one core), then the
        // config (the file in two parts on two cores, and backends), then resolve (every person
        // decoded and resolved, in two halves on two cores).
        let documentTime = try Stopwatch.time { _ = try YAMLDocument.load(path: path) }
        var config: RosterConfig?
        let configTime = try Stopwatch.time { config = try loader.load(path: path) }
        let resolveTime = try Stopwatch.time { _ = try loader.resolve(config!) }
        let scan = Stopwatch.median(scans), load = Stopwatch.median(loads)
        let peak = Stopwatch.peakMemoryBytes()
        let growth = Stopwatch.median(growths)
        let figures: [(String, String)] = [
            ("people", "\(people)"),
            ("file MB", String(format: "%.1f", Double(size) / 1e6)),
            ("desired objects", "\(resolved)"),
            ("libyaml scan s (median)", String(format: "%.3f", scan)),
            ("load+resolve s (median)", String(format: "%.3f", load)),
            ("load/scan ratio", String(format: "%.2f", load / scan)),
            ("cores", "\(ProcessInfo.processInfo.activeProcessorCount)"),
            ("  yaml document, whole file on one core s", String(format: "%.3f", documentTime)),
            ("  config: yaml in parts + backends s", String(format: "%.3f", configTime)),
            ("  resolve: people decoded and resolved s", String(format: "%.3f", resolveTime)),
            // The peak resident size's growth over the resident size just before loading (median):
            // what loading costs, without the runtime's baseline or earlier runs.
            ("peak memory growth MB", String(format: "%.1f", growth / 1e6)),
            ("peak memory growth / file size", String(format: "%.2f", growth / Double(size))),
            ("process peak RSS MB (whole process, all runs)", String(format: "%.1f", Double(peak) / 1e6)),
        ]
        Table.print(figures, json: json)
    }
}

enum ConfigGenerator {
    /// Writes a config of `people` people, about 200 bytes each, in a streaming way.
    static func write(people: Int, to path: String) throws -> Int {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw ValidationError("cannot write \(path)")
        }
        defer { try? handle.close() }
        var buffer = """
            version: 1
            backends:
              uyuni-prod: {type: uyuni, url: sandbox}
            resources:
              uyuni-prod:
                system_groups: {web: {description: Web servers}, db: {description: Databases}}
            people:

            """
        var size = 0
        let roles = ["channel_admin", "config_admin", "system_group_admin", "activation_key_admin"]
        for i in 0..<people {
            let id = String(format: "p%06d", i)
            buffer += """
                  \(id):
                    first_name: Person
                    last_name: Number\(i)
                    email: \(id)@example.com
                    state: \(i % 50 == 0 ? "disabled" : "active")
                    accounts:
                      uyuni-prod: {login: \(id)x, roles: [\(roles[i % 4])], system_groups: [web]}

                """
            if buffer.utf8.count > 1 << 20 {
                size += buffer.utf8.count
                handle.write(Data(buffer.utf8))
                buffer = ""
            }
        }
        size += buffer.utf8.count
        handle.write(Data(buffer.utf8))
        return size
    }
}

