import XMLRPC

/// create, delete, setDetails.
extension UserMethods {
    static func create(_ call: inout UyuniCall) throws(UyuniFault) -> XMLRPCValue {
        try call.require(UyuniRoles.orgAdmin)
        let login = call.string(0)
        var password = call.string(1)
        var usePam = false
        if call.args.count == 6 {
            switch call.int(5) {
            case 0: usePam = false
            case 1: usePam = true
            default: throw .internalError("The Integer did not match either specified value")
            }
        }
        if !usePam && password.isEmpty {
            throw .handler(-501, "Password is required if not using PAM authentication")
        }
        var errors: [String] = []
        if usePam {
            password = randomPassword()
        } else {
            errors += UyuniValidation.passwordErrors(password, policy: call.state.passwordPolicy)
        }
        let email = call.string(4)
        if let error = UyuniValidation.emailError(email) { errors.append(error) }
        if let error = UyuniValidation.loginError(login, state: call.state) { errors.append(error) }
        guard errors.isEmpty else { throw .internalError(errors.joined(separator: " :: ")) }

        var user = UyuniState.User(
            id: call.state.nextUserId, login: login, password: password, firstName: call.string(2),
            lastName: call.string(3), email: email, prefix: " ", orgId: call.caller.orgId, enabled: true,
            usePam: usePam, readOnly: false, errataNotification: true, roles: [],
            assignedGroupIds: [], defaultGroupIds: [], created: call.now, lastLogin: nil)
        call.state.nextUserId += 1
        if call.state.org.createDefaultSystemGroup {
            let group = call.state.group(named: login)
                ?? call.state.addGroup(name: login, description: "\(login) default system group")
            user.assignedGroupIds = [group.id]
            user.defaultGroupIds = [group.id]
        }
        call.state.appendUser(user)
        return 1
    }

    static func randomPassword() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        return String((0..<20).map { _ in alphabet.randomElement()! })
    }

    static func delete(_ call: inout UyuniCall) throws(UyuniFault) -> XMLRPCValue {
        try call.requireOrgAdmin()
        let index = try call.target(call.string(0))
        let target = call.state.users[index]
        let satelliteAdmins = call.state.users.filter { $0.has(role: UyuniRoles.satelliteAdmin) }
        if target.has(role: UyuniRoles.satelliteAdmin) && satelliteAdmins.count == 1 {
            throw .handler(2000, "Cannot delete the last remaining satellite administrator.")
        }
        let orgUsers = call.state.users.filter { $0.orgId == target.orgId }
        let orgAdmins = orgUsers.filter { $0.has(role: UyuniRoles.orgAdmin) }
        if target.has(role: UyuniRoles.orgAdmin) && orgAdmins.count == 1 && orgUsers.count > 1 {
            // The database procedure refuses this; its exact text was not verified, so this
            // wording is ours (it keeps the "cannot_delete_user" marker the reference names).
            throw .internalError("cannot_delete_user: the last organization administrator cannot be deleted "
                + "while the organization has other users")
        }
        call.state.users.remove(at: index)
        call.world.sessions.purge(userId: target.id)
        return 1
    }

    static let detailKeys: Set<String> = ["first_name", "first_names", "last_name", "email", "prefix", "password"]

    static func setDetails(_ call: inout UyuniCall) throws(UyuniFault) -> XMLRPCValue {
        let details = call.args[1].structValue ?? XMLRPCStruct()
        let unknown = details.names.filter { !detailKeys.contains($0) }
        guard unknown.isEmpty else { throw .invalidArguments(unknown) }
        let index = try call.target(call.string(0))
        var values: [String: String] = [:]
        for member in details {
            guard let text = member.value.string else { throw .classCast(member.value, to: "java.lang.String") }
            values[member.name == "first_names" ? "first_name" : member.name] = text
        }
        var user = call.state.users[index]
        let changed = values.filter { key, value in current(key, of: user) != value }
        try validateDetails(changed, user: user, policy: call.state.passwordPolicy)
        if let value = changed["first_name"] { user.firstName = value }
        if let value = changed["last_name"] { user.lastName = value }
        if let value = changed["email"] { user.email = value }
        if let value = changed["prefix"] { user.prefix = value }
        if let value = changed["password"] { user.password = value }
        call.state.users[index] = user
        return 1
    }

    static func current(_ key: String, of user: UyuniState.User) -> String {
        switch key {
        case "first_name": user.firstName
        case "last_name": user.lastName
        case "email": user.email
        case "prefix": user.prefix
        default: user.password
        }
    }

    /// UpdateUserCommand's order: email, password, prefix; the first failure is the fault (-500).
    static func validateDetails(_ changed: [String: String], user: UyuniState.User, policy: UyuniState.PasswordPolicy) throws(UyuniFault) {
        if let email = changed["email"] {
            if email.count > UyuniValidation.maxEmailLength {
                throw .handler(-500, "Email address specified [\(email)] is too long")
            }
            if let problem = UyuniValidation.addressProblem(email) {
                throw .handler(-500, "Email address invalid. Cause: javax.mail.internet.AddressException: \(problem) in string ``\(email)''")
            }
        }
        if let password = changed["password"] {
            if password.count < policy.minLength {
                throw .handler(-500, "Passwords must be at least \(policy.minLength) characters.")
            }
            if password.count > policy.maxLength {
                throw .handler(-500, "Passwords cannot be more than \(policy.maxLength) characters.")
            }
            if password.contains("\t") || password.contains("\n") {
                throw .handler(-500, "Password contains tab or newline characters.")
            }
        }
        if let prefix = changed["prefix"], !UyuniValidation.prefixes.contains(prefix) {
            throw .handler(-500, "Invalid prefix [\(prefix)]. Must be one of \(UyuniFault.javaList(UyuniValidation.prefixes))")
        }
    }
}
