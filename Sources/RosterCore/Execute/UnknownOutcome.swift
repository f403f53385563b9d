import Logging

/// What to do with a change whose request may or may not have landed (`RosterError.outcomeUnknown`):
/// the object is read back through the session's own fetch, narrowed to it (the read the plan
/// made, for one object), and compared with what the change wanted.
///
/// - create: the object exists → done; if its readable attributes differ from the wanted ones, an
///   update of those follows. Missing → the create is sent again.
/// - delete: the object is gone → done. Still there → the delete is sent again.
/// - update: the readable attributes it sets all match → done. Otherwise → sent again (an update
///   sets values, so sending it twice is harmless).
/// - a trailing step (CTERA's apply-changes) cannot be read back; it is idempotent and is sent again.
public enum UnknownOutcome {
    public enum Decision: Sendable, Equatable {
        case done
        case resend
        /// The create landed; these attributes still need an update.
        case followUp(Change)
    }

    /// Applies `change`; when its outcome is unknown, reads the object back and finishes it, sends
    /// it again, or follows it with an update, at most `attempts` times.
    static func apply(_ change: Change, session: any ProviderSession, kinds: [String: ResourceKind], attempts: Int,
                      runBudget: RetryBudget? = nil, logger: Logger?) async throws -> ApplyResult {
        var change = change
        var settled = 0
        while true {
            do {
                return try await session.apply(change)
            } catch let error as RosterError where error.outcomeUnknown && settled < attempts && runBudget?.take() ?? true {
                settled += 1
                switch try await settle(change, session: session, kinds: kinds) {
                case .resend: continue
                case .done:
                    if change.operation == .create { warnSecrets(change, kinds[change.id.kind], logger) }
                    return ApplyResult()
                case .followUp(let update):
                    warnSecrets(change, kinds[change.id.kind], logger)
                    change = update
                }
            }
        }
    }

    /// A create that landed without an answer: a write-only value it did not send (a password or
    /// key the system generated) is lost. Said as a warning then, in passing otherwise.
    private static func warnSecrets(_ change: Change, _ kind: ResourceKind?, _ logger: Logger?) {
        let generated = kind?.attributes.contains { $0.access == .writeOnly && change.after?[$0.name] == nil } ?? false
        let metadata: Logger.Metadata = ["object": .string("\(change.id)")]
        if generated {
            logger?.warning("""
                a create got no answer but its object exists: counted as done; a password or key the system \
                generated for it is not in --secrets-out
                """, metadata: metadata)
        } else {
            logger?.info("a create got no answer but its object exists: counted as done", metadata: metadata)
        }
    }

    /// Reads the object of `change` back and decides.
    public static func settle(_ change: Change, session: any ProviderSession,
                              kinds: [String: ResourceKind]) async throws -> Decision {
        if kinds[change.id.kind]?.isTrailing == true { return .resend }
        let live = try await session.fetch(interest(for: change.id, kinds: kinds))
        let found = live.first { $0.id == change.id }
        return decide(change, found: found, kind: kinds[change.id.kind])
    }

    /// Pure: the decision given what the read found.
    public static func decide(_ change: Change, found: Resource?, kind: ResourceKind?) -> Decision {
        switch change.operation {
        case .delete:
            return found == nil ? .done : .resend
        case .create:
            guard let found else { return .resend }
            let differing = differences(change.after, found, kind: kind)
            if differing.isEmpty { return .done }
            return .followUp(Change(.update, change.id, before: found.attributes, after: differing, owner: change.owner,
                                    location: change.location))
        case .update:
            guard let found else { return .resend }
            return differences(change.after, found, kind: kind).isEmpty ? .done : .resend
        }
    }

    /// The wanted readable attributes the live object does not have (write-only ones, passwords,
    /// cannot be read back and count as matching).
    static func differences(_ wanted: Attributes?, _ found: Resource, kind: ResourceKind?) -> Attributes {
        var differing = Attributes()
        for attribute in wanted ?? Attributes() {
            let access = kind?.attribute(attribute.name)?.access ?? .readWrite
            guard access == .readWrite else { continue }
            if found.attributes[attribute.name] != attribute.value { differing[attribute.name] = attribute.value }
        }
        return differing
    }

    /// A fetch of the object's top-level ancestors only (which brings their children).
    static func interest(for id: ResourceID, kinds: [String: ResourceKind]) -> FetchInterest {
        var keys: [String: Set<[String]>] = [id.kind: [id.key]]
        var pending = [(id.kind, id.key)]
        while let (kind, key) = pending.popLast() {
            for parent in kinds[kind]?.parents ?? [] {
                let parentKey = parent.parentKey(of: key)
                if keys[parent.kind, default: []].insert(parentKey).inserted { pending.append((parent.kind, parentKey)) }
            }
        }
        return FetchInterest(everything: false, keys: keys)
    }
}
