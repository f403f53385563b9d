import Foundation
import RosterYAML

/// The plan's JSON form (`schemas/plan.schema.json`), also the saved-plan file.
public struct PlanDocument: Codable, Sendable, Equatable {
    public var formatVersion: Int
    public var configDigest: String
    public var summary: Summary
    public var backends: [Plan.Backend]
    public var actions: [ActionDocument]
    /// Changes `--target`/`--exclude` left out, as `backend/kind/key`.
    public var leftOut: [String]?
    /// The plan's warnings, sorted by place; absent when there are none (and in plans saved
    /// before warnings were written).
    public var warnings: [Warning]?
    /// `plan --base REF`: the revision, the backends not contacted (present, maybe empty, whenever
    /// there is a base) and the people not read (without `--full`).
    public var base: String?
    public var pendingConnectionChanges: [PendingConnection]?
    public var unchangedPeople: Int?

    public struct Summary: Codable, Sendable, Equatable {
        public var create: Int, update: Int, delete: Int
        /// Trailing commit steps (CTERA's apply-changes), apart from creates; nil when none.
        public var commitSteps: Int? = nil

        enum CodingKeys: String, CodingKey {
            case create, update, delete, commitSteps = "commit_steps"
        }
    }

    public struct ActionDocument: Codable, Sendable, Equatable {
        public var index: Int
        public var backend: String
        public var kind: String
        public var key: [String]
        public var operation: Change.Operation
        public var owner: String?
        /// `team NAME` when a team grants the object rather than the person's own entry.
        public var via: String?
        public var reason: Change.Reason?
        public var source: String?
        public var before: Attributes?
        public var after: Attributes?
        public var dependsOn: [Int]
        public var runsAfter: [Int]?
        /// Applying it creates a secret only `--secrets-out` receives; absent when it does not.
        public var generatesSecret: Bool? = nil
    }

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", configDigest = "config_digest", summary, backends, actions
        case leftOut = "left_out", warnings
        case base, pendingConnectionChanges = "pending_connection_changes", unchangedPeople = "unchanged_people"
    }

    public init(_ plan: Plan) {
        formatVersion = 1
        configDigest = plan.configDigest
        summary = Summary(create: plan.count(.create), update: plan.count(.update), delete: plan.count(.delete),
                          commitSteps: plan.commitSteps == 0 ? nil : plan.commitSteps)
        backends = plan.backends
        leftOut = plan.leftOut.isEmpty ? nil : plan.leftOut.map(\.description)
        warnings = plan.warnings.isEmpty ? nil : plan.warnings.map(Warning.init)
        base = plan.base
        pendingConnectionChanges = plan.base == nil ? nil : plan.pendingConnections
        unchangedPeople = plan.unchangedPeople
        actions = plan.actions.map { action in
            let c = action.change
            return ActionDocument(index: action.index, backend: c.id.backend, kind: c.id.kind, key: c.id.key,
                                  operation: c.operation, owner: c.owner, via: c.via, reason: c.reason,
                                  source: c.location?.description, before: c.before, after: c.after,
                                  dependsOn: action.dependsOn, runsAfter: action.runsAfter.isEmpty ? nil : action.runsAfter,
                                  generatesSecret: c.generatesSecret ? true : nil)
        }
    }

    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)) ?? Data()
    }

    public static func decode(_ data: Data) throws -> PlanDocument {
        try JSONNesting.decode(PlanDocument.self, from: data)
    }
}

extension PlanDocument.ActionDocument {
    enum CodingKeys: String, CodingKey {
        case index, backend, kind, key, operation, owner, via, reason, source, before, after
        case dependsOn = "depends_on", runsAfter = "runs_after", generatesSecret = "generates_secret"
    }
}

extension PlanDocument {
    /// A warning as the JSON plan writes it: its message and place, and its notes the same way.
    /// The message is the one the CLI prints, so it holds no secret either.
    public struct Warning: Codable, Sendable, Equatable {
        public var message: String
        public var file: String?
        public var line: Int?
        public var column: Int?
        public var notes: [Warning]?

        public init(message: String, file: String? = nil, line: Int? = nil, column: Int? = nil, notes: [Warning]? = nil) {
            self.message = message
            self.file = file
            self.line = line
            self.column = column
            self.notes = notes
        }

        init(_ diagnostic: Diagnostic) {
            self.init(message: diagnostic.message, file: diagnostic.location?.file, line: diagnostic.location?.line,
                      column: diagnostic.location?.column,
                      notes: diagnostic.notes.isEmpty ? nil : diagnostic.notes.map { note in
                          Warning(message: note.message, file: note.location?.file, line: note.location?.line,
                                  column: note.location?.column)
                      })
        }
    }
}
