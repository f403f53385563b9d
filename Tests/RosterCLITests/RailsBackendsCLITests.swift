import Foundation
import Testing
import RosterTestSupport

/// The safety rails on every backend besides Uyuni (whose rails `RailsCLITests` covers), through
/// the binary against each sandbox. Each backend holds roster's own login `admin` and five users
/// `u1`...`u5` (`u1` a second administrator where the backend has administrators roster manages).
///
/// Rails a backend cannot express, and why:
/// - Squirro `self`: roster signs in with a refresh token and reads no user of its own.
/// - Cloud `last-admin` and `self`: admin users are pre-provisioned; a plan that would change or
///   delete one is a plan error (exit 1) before any rail is checked, and `--force` cannot lift it.
/// - ActiveLogic `last-admin`: the only administrator is the built-in `admin`, which the system
///   never lets go and roster never plans to delete (demotion is not a thing: permissions are
///   masks, and `admin` holds every bit).
@Suite(.serialized) struct RailsBackendsCLITests {
    struct Backend: Sendable, CustomStringConvertible {
        var type: String
        var block: String
        var seed: String
        var description: String { type }
    }

    static let users = (1...5).map { "u\($0)" }

    static let ctera = Backend(type: "ctera", block: "username: admin\n    password: sandbox-admin", seed: """
        global:
          users:
            - {name: admin, password: sandbox-admin, email: admin@example.com, first_name: A, last_name: Admin, role: ReadWriteAdmin}
        \(users.map { "    - {name: \($0), password: Pass-word-\($0)1, email: \($0)@example.com, first_name: U, last_name: \($0), role: \($0 == "u1" ? "ReadWriteAdmin" : "EndUser")}" }.joined(separator: "\n"))
        """)
    static let squirro = Backend(type: "squirro", block: "tenant: acme\n    token: sandbox-token", seed: """
        tenant: acme
        users:
          - {email: admin@example.com, full_name: A Admin, role: admin, password: Admin-pass-1, refresh_token: sandbox-token}
        \(users.map { "  - {email: \($0)@example.com, full_name: U \($0), role: \($0 == "u1" ? "admin" : "user")}" }.joined(separator: "\n"))
        """)
    static let cloud = Backend(type: "cloud", block: "email: admin@example.com\n    password: sandbox-admin", seed: """
        users:
          - {email: admin@example.com, password: sandbox-admin, first_name: A, last_name: Admin, is_admin: true, priority: 10}
        \(users.map { "  - {email: \($0)@example.com, password: Pass-word-\($0)1, first_name: U, last_name: \($0)}" }.joined(separator: "\n"))
        """)
    static let activelogic = Backend(type: "activelogic", block: "username: admin\n    password: sandbox-admin", seed: """
        users:
        \(users.map { "  \($0): {password: pass-\($0), readbm: 1}" }.joined(separator: "\n"))
        """)

    static let all = [ctera, squirro, cloud, activelogic]

    /// The own login, by how the backend keys it.
    static func ownKey(_ b: Backend) -> String { ["squirro", "cloud"].contains(b.type) ? "admin@example.com" : "admin" }

    static func setUp(_ b: Backend, backend extra: String, people: String = "{}") -> (Scratch, String) {
        let scratch = Scratch()
        scratch.write("seed.yaml", b.seed)
        let file = scratch.write("roster.yaml", config(b, backend: extra, people: people))
        return (scratch, file)
    }

    /// A config of the backend's sandbox seeded from `seed.yaml`; `extra` holds more backend keys.
    static func config(_ b: Backend, backend extra: String, people: String) -> String {
        """
        version: 1
        backends:
          \(b.type):
            type: \(b.type)
            url: sandbox
            seed: seed.yaml
            \(b.block)
        \(extra)
        people: \(people)
        """
    }

    /// People who keep their accounts, as little as each backend needs to find them.
    static func keep(_ b: Backend, _ logins: [String], account: String = "{}") -> String {
        "\n" + logins.map { "  \($0): {email: \($0)@example.com, accounts: {\(b.type): \(account)}}" }.joined(separator: "\n")
    }

    static func rail(_ name: String, _ b: Backend) -> String { "safety rail '\(name)' on backend '\(b.type)'" }

    @Test(arguments: all)
    func sixUsersLosingFiveCrossMaxDeletesUntilForced(_ b: Backend) async throws {
        let (scratch, file) = Self.setUp(b, backend: "    prune: all\n    protect: [\(Self.ownKey(b))]\n    safety: {max_deletes: 4}")
        for command in [["plan"], ["apply", "--dry-run"]] {
            let refused = try await RosterBinary.run(command + ["-c", file])
            #expect(refused.status == 3, "\(command): \(refused.all)")
            #expect(refused.stderr.contains(Self.rail("max-deletes", b)), "\(refused.stderr)")
            #expect(refused.stderr.contains("deletes 5 objects, more than the limit of 4"), "\(refused.stderr)")
            #expect(!refused.stderr.contains("max-delete-fraction"), "5 of 6 users is under the fraction's floor")
        }
        let forced = try await RosterBinary.run(["plan", "-c", file, "--force", "max-deletes", "--detailed-exitcode"])
        #expect(forced.status == 2, "\(forced.all)")
        #expect(forced.stdout.contains("u5"), "\(forced.stdout)")
        _ = scratch
    }

    @Test(arguments: all)
    func theFractionRailPastALoweredFloor(_ b: Backend) async throws {
        let (scratch, file) = Self.setUp(b, backend: "    prune: all\n    protect: [\(Self.ownKey(b))]\n    safety: {max_delete_fraction: 0.1, fraction_floor: 5}",
                                         people: Self.keep(b, ["u1", "u2", "u3"],
                                                           account: b.type == "ctera" ? "{role: ReadWriteAdmin}" : "{}"))
        let refused = try await RosterBinary.run(["apply", "-c", file, "--dry-run"])
        #expect(refused.status == 3, "\(refused.all)")
        #expect(refused.stderr.contains(Self.rail("max-delete-fraction", b)), "\(refused.stderr)")
        #expect(refused.stderr.contains("deletes 2 of 6 objects, more than 10%"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("'max-deletes'"), "\(refused.stderr)")
        let forced = try await RosterBinary.run(["apply", "-c", file, "--dry-run", "--force", "max-delete-fraction"])
        #expect(forced.status == 0, "\(forced.all)")
        _ = scratch
    }

    /// CTERA: demoting both read-write admins, roster's own login among them.
    @Test func cteraDemotingEveryAdministratorCrossesLastAdminAndSelf() async throws {
        let b = Self.ctera
        let (scratch, file) = Self.setUp(b, backend: "", people: """

              admin: {first_name: A, last_name: Admin, email: admin@example.com, accounts: {ctera: {role: ReadOnlyAdmin}}}
              u1: {first_name: U, last_name: u1, email: u1@example.com, accounts: {ctera: {role: EndUser}}}
            """)
        let plan = try await RosterBinary.run(["plan", "-c", file])
        #expect(plan.status == 3, "\(plan.all)")
        #expect(plan.stderr.contains(Self.rail("last-admin", b)), "\(plan.stderr)")
        #expect(plan.stderr.contains("ctera.user/admin, ctera.user/u1"), "\(plan.stderr)")
        #expect(plan.stderr.contains(Self.rail("self", b) + ": the plan demotes or disables roster's own login admin"), "\(plan.stderr)")
        for (lifted, standing) in [("last-admin", "self"), ("self", "last-admin")] {
            let one = try await RosterBinary.run(["plan", "-c", file, "--force", lifted])
            #expect(one.status == 3, "\(one.all)")
            #expect(one.stderr.contains(Self.rail(standing, b)) && !one.stderr.contains(Self.rail(lifted, b)), "\(one.stderr)")
        }
        let forced = try await RosterBinary.run(["apply", "-c", file, "--dry-run", "--force", "last-admin", "--force", "self"])
        #expect(forced.status == 0, "\(forced.all)")
        _ = scratch
    }

    /// CTERA: deleting roster's own login while another admin stays crosses `self` alone.
    @Test func cteraDeletingTheOwnLoginCrossesSelf() async throws {
        let b = Self.ctera
        let (scratch, file) = Self.setUp(b, backend: "    prune: all\n    protect: [u*]")
        let plan = try await RosterBinary.run(["plan", "-c", file])
        #expect(plan.status == 3, "\(plan.all)")
        #expect(plan.stderr.contains(Self.rail("self", b) + ": the plan deletes roster's own login admin"), "\(plan.stderr)")
        #expect(!plan.stderr.contains("'last-admin'"), "u1 is still an administrator: \(plan.stderr)")
        let forced = try await RosterBinary.run(["plan", "-c", file, "--force", "self", "--detailed-exitcode"])
        #expect(forced.status == 2, "\(forced.all)")
        _ = scratch
    }

    /// Squirro: demoting both admins crosses `last-admin`; no own login, so never `self`.
    @Test func squirroDemotingEveryAdministratorCrossesLastAdmin() async throws {
        let b = Self.squirro
        let (scratch, file) = Self.setUp(b, backend: "", people: """

              admin: {first_name: A, last_name: Admin, email: admin@example.com, accounts: {squirro: {role: user}}}
              u1: {first_name: U, last_name: u1, email: u1@example.com, accounts: {squirro: {role: reader}}}
            """)
        let plan = try await RosterBinary.run(["plan", "-c", file])
        #expect(plan.status == 3, "\(plan.all)")
        #expect(plan.stderr.contains(Self.rail("last-admin", b)), "\(plan.stderr)")
        #expect(!plan.stderr.contains("'self'"), "\(plan.stderr)")
        let forced = try await RosterBinary.run(["plan", "-c", file, "--force", "last-admin", "--detailed-exitcode"])
        #expect(forced.status == 2, "\(forced.all)")
        _ = scratch
    }

    /// Cloud: the admin is never planned for deletion or change, whatever is forced.
    @Test func cloudAdminsAreAPlanErrorNotARail() async throws {
        let (scratch, file) = Self.setUp(Self.cloud, backend: "    prune: all\n    protect: [u*]")
        let plan = try await RosterBinary.run(["plan", "-c", file, "--force", "last-admin", "--force", "self"])
        #expect(plan.status == 1, "\(plan.all)")
        #expect(plan.stderr.contains("the config would delete admin user 'admin@example.com'"), "\(plan.stderr)")
        #expect(!plan.stderr.contains("safety rail"), "\(plan.stderr)")
        _ = scratch
    }

    /// ActiveLogic: sending roster's own login a new password crosses `self`; `admin` itself is
    /// never deleted, so pruning everything crosses no `last-admin`.
    @Test func activeLogicOwnLoginAndThePermanentAdmin() async throws {
        let b = Self.activelogic
        let (scratch, file) = Self.setUp(b, backend: "", people: """

              admin: {password: new-admin-pass, password_update: always, accounts: {activelogic: {readbm: all, writebm: all, lviewbm: all}}}
            """)
        let plan = try await RosterBinary.run(["plan", "-c", file])
        #expect(plan.status == 3, "\(plan.all)")
        #expect(plan.stderr.contains(Self.rail("self", b) + ": the plan changes the password of roster's own login admin"),
                "\(plan.stderr)")
        let forced = try await RosterBinary.run(["apply", "-c", file, "--dry-run", "--force", "self"])
        #expect(forced.status == 0, "\(forced.all)")
        let (scratch2, pruneAll) = Self.setUp(b, backend: "    prune: all")
        let pruned = try await RosterBinary.run(["plan", "-c", pruneAll, "--force", "max-deletes"])
        #expect(pruned.status == 0, "\(pruned.all)")
        #expect(pruned.stdout.contains("activelogic.user u5") && !pruned.stdout.contains("activelogic.user admin"), "\(pruned.stdout)")
        _ = (scratch, scratch2)
    }
}
