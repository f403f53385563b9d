import RosterCore

extension ApplyOptions {
    /// The files an apply writes as its actions finish: the secrets file, then the journal.
    public struct Records: Sendable {
        public let secrets: SecretsFile?
        public let journal: Journal?

        /// The observers that write them, in the order of `ApplyOptions.observers`, then `progress`.
        public func observers(progress: any ExecutionObserver) -> [any ExecutionObserver] {
            ApplyOptions.observers(secrets: secrets, journal: journal, progress: progress)
        }
    }

    /// Opens the apply's files before anything is contacted, so a path that cannot be written stops
    /// the run before any change: the secrets file first (`{}` at once; an existing file refused
    /// unless `overwriteSecrets`), then the journal. A dry run opens neither.
    public func openRecords(configFolder: String) throws -> Records {
        let secrets = try secretsTarget.map { try SecretsFile(path: $0.path, overwrite: $0.overwrite) }
        let journal = try journalPath(configFolder: configFolder).map { try Journal(path: $0) }
        return Records(secrets: secrets, journal: journal)
    }
}

extension Runner {
    /// `roster apply` as `options` ask: plans and applies in one pass (see
    /// `apply(_:saved:dryRun:parallelism:secretsReceived:confirm:observer:stop:)`).
    public func apply(_ loaded: Pipeline.Loaded, saved: PlanDocument?, options: ApplyOptions,
                      confirm: @Sendable (Plan) -> Bool,
                      observer: (any ExecutionObserver)? = nil, stop: StopRequest? = nil) async throws -> ApplyOutcome {
        try await apply(loaded, saved: saved, dryRun: options.dryRun, parallelism: options.parallelism,
                        secretsReceived: options.receivesSecrets, confirm: confirm, observer: observer, stop: stop)
    }
}
