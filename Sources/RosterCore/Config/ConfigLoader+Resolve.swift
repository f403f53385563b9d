import Foundation
import RosterYAML
import Synchronization

extension ConfigLoader {
    /// The desired state of every backend: what each person's accounts and each backend's
    /// `resources` ask for. Every problem is collected, the people's own included: a person is
    /// decoded here, once, and resolved on every backend of its accounts right away. A large
    /// config's people are resolved in two halves on two cores and joined afterwards; a duplicate
    /// across the halves is reported as one pass reports it.
    public func resolve(_ config: RosterConfig) throws(DiagnosticError) -> [String: DesiredState] {
        let (desired, diagnostics) = resolveCollecting(config)
        if diagnostics.contains(where: { $0.severity == .error }) { throw DiagnosticError(diagnostics) }
        return desired
    }

    /// The desired states, and every problem found (warnings too), sorted by place.
    func resolveCollecting(_ config: RosterConfig) -> (desired: [String: DesiredState], diagnostics: [Diagnostic]) {
        let entries = config.personEntries
        let shards = Self.shards(entries.count, minimum: shardMinimum)
        let bounds = (0...shards).map { entries.count * $0 / shards }
        let results = Mutex([(states: [DesiredState], diagnostics: [Diagnostic])?](repeating: nil, count: shards))
        let run = { @Sendable (shard: Int) in
            let result = resolve(config, people: bounds[shard]..<bounds[shard + 1], resources: shard == 0)
            results.withLock { $0[shard] = result }
        }
        if shards == 1 { run(0) } else { DispatchQueue.concurrentPerform(iterations: shards, execute: run) }
        var parts = results.withLock { results in
            defer { results = [] }
            return results
        }
        // Every part's problems and those of the joins; the bag sorts them by place.
        let bag = DiagnosticBag()
        guard var first = parts[0].take() else { return ([:], []) }
        first.diagnostics.forEach(bag.add)
        // Moved out, so that joining grows them in place.
        var states = first.states
        first.states = []
        for shard in 1..<shards {
            guard var part = parts[shard].take() else { continue }
            part.diagnostics.forEach(bag.add)
            // Each state moved into the join, which lets its columns go as it copies them.
            for i in part.states.indices {
                var joined = DesiredState(backend: states[i].backend)
                swap(&joined, &part.states[i])
                states[i].append(consume joined, bag: bag)
            }
        }
        var byName: [String: DesiredState] = [:]
        for state in states { byName[state.backend] = state }
        return (byName, bag.sorted)
    }

    /// Halves for a large config on a machine with two cores or more; one part otherwise.
    static func shards(_ people: Int, minimum: Int) -> Int {
        people >= minimum && YAMLDocument.hasSecondCore ? 2 : 1
    }

    /// Every backend's desired state from some people (and the backends' `resources`, when
    /// asked), in `config.backends` order.
    private func resolve(_ config: RosterConfig, people: Range<Int>,
                         resources: Bool) -> (states: [DesiredState], diagnostics: [Diagnostic]) {
        let bag = DiagnosticBag()
        let (decoder, names) = personDecoder(config, bag: bag)
        let reader = decoder.reader
        let backends = config.backends
        var index: [String: Int] = [:]
        for (i, backend) in backends.enumerated() { index[backend.name] = i }
        let providers = backends.map { registry[$0.type] }
        var states = backends.map { DesiredState(backend: $0.name) }
        // A person's account is two or three objects; with one backend, all of them are its. The
        // first half makes room for the second too, so that joining it grows nothing.
        if backends.count == 1 { states[0].reserve((resources ? config.personEntries.count : people.count) * 3) }
        if resources {
            for (i, backend) in backends.enumerated() {
                guard let provider = providers[i], let node = config.resources[backend.name] else { continue }
                provider.resolve(resources: node, backend: backend, into: &states[i], reader: reader)
            }
        }
        // Teams, `until:` and the checks every account gets: `TeamMerge+Resolve.swift`.
        let context = PersonContext(config: config, index: index, providers: providers, reader: reader,
                                    today: day(for: config))
        for entry in config.personEntries[people] {
            guard let person = decoder.decodePerson(entry, backends: names) else { continue }
            resolve(person, context, into: &states)
        }
        return (states, bag.diagnostics)
    }

    /// Every person of the config, decoded (their problems are reported by `resolve`).
    public func people(of config: RosterConfig) -> [Person] {
        let (decoder, names) = personDecoder(config, bag: DiagnosticBag())
        return config.personEntries.compactMap { decoder.decodePerson($0, backends: names) }
    }

    /// A decoder of the config's people into `bag`, and the backend names their accounts may use
    /// (those that could not be decoded too: the error is theirs, not the accounts').
    private func personDecoder(_ config: RosterConfig, bag: DiagnosticBag) -> (ConfigDecoder, Set<String>) {
        let reader = ValueReader(bag: bag, environment: environment, baseDirectory: config.baseDirectory,
                                 secretsDirectories: secretsDirectories)
        return (ConfigDecoder(registry: registry, reader: reader), Set(config.backends.map(\.name)).union(config.undecodedBackends))
    }
}
