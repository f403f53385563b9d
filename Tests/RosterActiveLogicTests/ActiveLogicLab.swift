import Foundation
import Logging
import RosterCore
import RosterRuntime
import Testing
import RosterTestSupport

/// An ActiveLogic sandbox for one test: a scratch folder with the sandbox's state file, configs
/// written there, and the protocol log of every message exchanged.
final class ActiveLogicLab: @unchecked Sendable {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    let folder: String
    var statePath: String { folder + "/activelogic-state.json" }
    var logPath: String { folder + "/protocol.jsonl" }

    init() {
        folder = NSTemporaryDirectory() + "roster-al-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    func config(_ people: String, prune: String = "none", extra: String = "") -> String {
        """
        version: 1
        backends:
          al:
            type: activelogic
            url: sandbox
            state: activelogic-state.json
            prune: \(prune)
            request_timeout: 20
            protocol_log: protocol.jsonl
        \(extra)
        people:
        \(people)
        """
    }

    func load(_ people: String, prune: String = "none") throws -> (Runner, Pipeline.Loaded) {
        let file = folder + "/roster-\(UUID().uuidString).yaml"
        try config(people, prune: prune).write(toFile: file, atomically: true, encoding: .utf8)
        let runner = Runner(environment: [:], logger: Logger(label: "test"))
        return (runner, try runner.load(path: file))
    }

    func plan(_ people: String, prune: String = "none") async throws -> Plan {
        let (runner, loaded) = try load(people, prune: prune)
        return try await runner.plan(loaded)
    }

    /// Plans and applies; every action must succeed.
    @discardableResult
    func converge(_ people: String, prune: String = "none") async throws -> Plan {
        let (runner, loaded) = try load(people, prune: prune)
        let outcome = try await runner.apply(loaded, saved: nil, dryRun: false, parallelism: 4, confirm: { _ in true })
        switch outcome {
        case .applied(let plan, let report):
            #expect(report.succeeded, "\(report.actions.filter { $0.outcome != .succeeded }.map { $0.message ?? "" })")
            return plan
        case .noChanges(let plan): return plan
        default: Issue.record("unexpected outcome \(outcome)"); throw CancellationError()
        }
    }

    static func lines(_ plan: Plan) -> [String] {
        plan.actions.map { action in
            let change = action.change
            let attributes = change.changedAttributes.isEmpty ? "" : " " + change.changedAttributes.joined(separator: ",")
            return "\(change.operation.rawValue) \(change.id.kind) \(change.id.keyString)\(attributes)"
        }
    }

    // MARK: The sandbox's state, read and changed behind roster's back

    func users() throws -> [String: [String: Any]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: statePath))
        let state = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let users = state?["users"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: users.map { ($0["name"] as? String ?? "", $0) })
    }

    func changeState(_ body: (inout [[String: Any]]) -> Void) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: statePath))
        var state = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        var users = state["users"] as? [[String: Any]] ?? []
        body(&users)
        state["users"] = users
        state["next_id"] = (users.compactMap { $0["id"] as? Int }.max() ?? 0) + 1
        try JSONSerialization.data(withJSONObject: state).write(to: URL(fileURLWithPath: statePath))
    }

    // MARK: The protocol log

    /// Every line exchanged so far, parsed.
    func messages() throws -> [(direction: String, message: JSON)] {
        guard let text = try? String(contentsOfFile: logPath, encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").map { line in
            guard case .object(let entry) = try JSON.parse(Data(line.utf8)),
                  case .string(let direction)? = entry["direction"], case .string(let raw)? = entry["line"] else {
                throw CancellationError()
            }
            return (direction, try JSON.parse(Data(raw.utf8)))
        }
    }

    /// Every message exchanged validates against the protocol's schema.
    func expectMessagesMatchSchema(sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let schema = try JSONSchema(file: Self.packageRoot + "/schemas/external-provider.schema.json")
        let messages = try messages()
        #expect(!messages.isEmpty, sourceLocation: sourceLocation)
        for (direction, message) in messages {
            #expect(schema.validate(message) == [], "\(direction): \(message)", sourceLocation: sourceLocation)
        }
    }

    /// The methods of the requests sent so far, in order.
    func methods() throws -> [String] {
        try messages().compactMap { entry in
            guard entry.direction == "request", case .object(let o) = entry.message, case .string(let m)? = o["method"]
            else { return nil }
            return m
        }
    }
}
