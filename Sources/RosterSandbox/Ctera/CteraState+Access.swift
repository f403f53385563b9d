/// The portal's own checks of a way in: a password sign-in and an S3 key. The login handler and
/// the conformance suite's lockout probe ask the same functions of the state.
extension CteraState {
    /// The local user of `portal` that a sign-in with these credentials lets in, or nil: unknown
    /// name, a directory user (the directory checks those), a wrong password, or the `Disabled`
    /// role. The administration login also needs an administrator role (`adminRoles`).
    func signIn(portal: Int, name: String, password: String) -> UserAddress? {
        guard let address = find(portal: portal, domain: nil, name: name), !self[address].password.isEmpty,
              self[address].password == password, self[address].role != "Disabled" else { return nil }
        return address
    }

    /// Whether the portal accepts this S3 key pair: the key exists (it was not deleted) and the
    /// secret is its own. The SDK offers no way to deactivate a key (`getApiKeys`, `createApiKey`,
    /// `deleteApiKey` only), so a key stops working only by being deleted.
    public func acceptsS3Key(accessKey: String, secretKey: String) -> Bool {
        portals.contains { portal in
            (portal.users + portal.domains.flatMap(\.users)).contains { user in
                user.keys.contains { $0.accessKey == accessKey && $0.secretKey == secretKey }
            }
        }
    }
}
