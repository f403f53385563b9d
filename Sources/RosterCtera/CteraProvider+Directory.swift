import RosterCore

extension CteraProvider {
    /// The portal's users API reads, lists and deletes directory users but never writes them
    /// (reference A.6.4, A.9.7): their role comes from the directory's access control rules.
    static func directoryRoleError(_ change: Change, backend: BackendConfig) -> Diagnostic {
        let have = change.before?["role"]?.string ?? "?", want = change.value("role")?.string ?? "?"
        var notes: [Diagnostic.Note] = [
            .init("the portal takes a directory user's role from its directory access control rules "
                  + "(cterasdk directoryservice.set_access_control), which roster does not manage"),
            .init("declare role \(have) to keep the account as it is"),
        ]
        if want == CteraRole.disabled.rawValue { notes[1] = .init("disable the account in the directory instead") }
        return .error("directory user '\(change.id.keyString)' on '\(backend.name)' has role \(have); roster cannot make it \(want)",
                      at: change.location, notes: notes)
    }
}
