/// Joins the accounts of several backends into people and writes the config `roster import`
/// prints. Pure: the live objects are read before, by each provider's `export`.
public struct Importer: Sendable {
    /// A backend's name, its block as the config writes it, and what its provider exported.
    public struct Source: Sendable {
        public var name: String
        public var block: ExportValue
        public var export: BackendExport
        /// Environment variables the block reads.
        public var environment: [String]
        public init(name: String, block: ExportValue, export: BackendExport, environment: [String] = []) {
            self.name = name
            self.block = block
            self.export = export
            self.environment = environment
        }
    }

    public init() {}

    /// The config: `version`, the backends, the people sorted by name, then `resources`.
    public func document(_ sources: [Source]) -> ExportValue {
        let sources = sources.sorted { $0.name < $1.name }
        // Accounts named by a login come first, so that people are named by logins; accounts
        // without an email last, so that they find the people of their login.
        func phase(_ account: ExportedAccount) -> Int {
            account.email == nil ? 2 : account.loginKey != nil ? 0 : 1
        }
        let accounts = sources.flatMap { source in source.export.accounts.map { (source.name, $0) } }
            .sorted { a, b in
                (phase(a.1), a.0, a.1.login) < (phase(b.1), b.0, b.1.login)
            }
        var people = PeopleTable()
        for (backend, account) in accounts { people.add(account, backend: backend) }
        var top = ExportMapping()
        top.set("version", .int(1))
        top.set("backends", .mapping(sources.map { .init($0.name, $0.block) }))
        top.set("people", .mapping(people.entries()))
        let resources = sources.compactMap { source in source.export.resources.map { ExportValue.Entry(source.name, $0) } }
        if !resources.isEmpty { top.set("resources", .mapping(resources)) }
        return top.value
    }
}

/// People being built: each account joins the first person with its email (ignoring case), or,
/// for an account without one, the person whose name or other logins match its login; only a
/// person the account agrees with (names, email, state) and who has no account on that backend yet.
struct PeopleTable {
    struct Draft {
        var name: String
        var accounts: [(backend: String, account: ExportedAccount)] = []
        var fields: [PersonField] { accounts.flatMap(\.account.person) }
    }

    private(set) var drafts: [Draft] = []
    /// Drafts by the emails (lower-cased) and by the names and logins of their accounts, so that
    /// an import of many thousands of users does not compare every pair.
    private var byEmail: [String: [Int]] = [:]
    private var byLogin: [String: [Int]] = [:]
    private var names: Set<String> = []

    mutating func add(_ account: ExportedAccount, backend: String) {
        let candidates = account.email.map { byEmail[$0.lowercased()] ?? [] } ?? byLogin[account.login] ?? []
        let match = candidates.first { i in
            let draft = drafts[i]
            guard !draft.accounts.contains(where: { $0.backend == backend }) else { return false }
            return PersonFields.merge(draft.fields + account.person) != nil
        }
        let index: Int
        if let match {
            index = match
        } else {
            index = drafts.count
            let name = uniqueName(for: account)
            names.insert(name)
            drafts.append(Draft(name: name))
            byLogin[name, default: []].append(index)
        }
        drafts[index].accounts.append((backend, account))
        if let email = account.email?.lowercased() { Self.insert(index, into: &byEmail[email, default: []]) }
        if account.email == nil || account.loginKey != nil { Self.insert(index, into: &byLogin[account.login, default: []]) }
    }

    /// Keeps an index list sorted and unique: the first person that fits is the oldest.
    private static func insert(_ index: Int, into list: inout [Int]) {
        if !list.contains(index) { list.append(index) }
        list.sort()
    }

    /// The login for backends keyed by name, the part before `@` for those keyed by email.
    private func uniqueName(for account: ExportedAccount) -> String {
        var base = account.loginKey != nil ? account.login : String(account.login.split(separator: "@").first ?? "")
        if base.isEmpty { base = account.login }
        var name = base, n = 2
        while names.contains(name) {
            name = "\(base)-\(n)"
            n += 1
        }
        return name
    }

    /// Each person as a mapping: the person fields, then `accounts` by backend.
    func entries() -> [ExportValue.Entry] {
        drafts.sorted { $0.name < $1.name }.map { draft in
            let merged = PersonFields.merge(draft.fields) ?? PersonFields()
            var person = ExportMapping()
            person.set("first_name", merged.firstName.map(ExportValue.string))
            person.set("last_name", merged.lastName.map(ExportValue.string))
            person.set("email", merged.email.map(ExportValue.string)
                ?? draft.accounts.lazy.compactMap(\.account.email).first.map(ExportValue.string))
            if merged.state != .active { person.set("state", .string(merged.state.rawValue)) }
            var accounts = ExportMapping()
            for (backend, account) in draft.accounts {
                var fields = ExportMapping()
                if let key = account.loginKey, account.login != draft.name { fields.set(key, .string(account.login)) }
                for entry in account.fields.entries { fields.set(entry.key, entry.value) }
                accounts.set(backend, fields.value)
            }
            person.set("accounts", accounts.value)
            return .init(draft.name, person.value)
        }
    }
}

/// The person fields that satisfy every account's, or nil when two accounts disagree.
struct PersonFields {
    var firstName: String?
    var lastName: String?
    var email: String?
    var state = PersonState.active

    static func merge(_ fields: [PersonField]) -> PersonFields? {
        var first: String??, last: String??, email: String??, state: PersonState?
        var fullNames: Set<String> = []
        func settle(_ slot: inout String??, _ value: String) -> Bool {
            let wanted: String? = value.isEmpty ? nil : value
            if let existing = slot { return existing == wanted }
            slot = .some(wanted)
            return true
        }
        for field in fields {
            switch field {
            case .firstName(let v): if !settle(&first, v) { return nil }
            case .lastName(let v): if !settle(&last, v) { return nil }
            case .email(let v): if !settle(&email, v) { return nil }
            case .fullName(let v): fullNames.insert(v)
            case .state(let s):
                if let state, state != s { return nil }
                state = s
            }
        }
        guard fullNames.count <= 1 else { return nil }
        if let full = fullNames.first {
            if first == nil && last == nil {
                // Squirro alone: the first word is the first name, the rest the last name.
                // A name that does not split back to itself goes whole into the first name.
                let parts = full.split(separator: " ", maxSplits: 1).map(String.init)
                first = .some(parts.first)
                last = .some(parts.count > 1 ? parts[1] : nil)
                if parts.joined(separator: " ") != full {
                    first = .some(full.isEmpty ? nil : full)
                    last = .some(nil)
                }
            }
            let joined = [first ?? nil, last ?? nil].compactMap { $0 }.joined(separator: " ")
            guard joined == full else { return nil }
        }
        return PersonFields(firstName: first ?? nil, lastName: last ?? nil, email: email ?? nil, state: state ?? .active)
    }
}
