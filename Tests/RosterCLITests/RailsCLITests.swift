import Foundation
import Testing
import RosterTestSupport

/// The safety rails through the binary, against an Uyuni sandbox: a plan that crosses one exits 3
/// naming it, dry runs included, and `--force RAIL` lifts that rail alone.
@Suite struct RailsCLITests {
    /// An Uyuni seed: roster's own `admin` and five more users.
    static let seed = """
        org: {id: 1, name: Rails Org, create_default_system_group: false}
        password_policy: {min_length: 5, max_length: 32}
        users:
          - {login: admin, password: sandbox-admin, first_name: Sandbox, last_name: Admin, email: admin@example.com,
             roles: [satellite_admin, org_admin]}
        \((1...5).map { "  - {login: user\($0), password: user-pass-\($0), first_name: U, last_name: N\($0), email: user\($0)@example.com}" }.joined(separator: "\n"))
        """

    static func setUp(backend: String, people: String = "{}", prune: String = "all") -> (Scratch, String) {
        let scratch = Scratch()
        scratch.write("seed.yaml", seed)
        let file = scratch.write("roster.yaml", """
            version: 1
            backends:
              uyuni:
                type: uyuni
                url: sandbox
                seed: seed.yaml
                username: admin
                password: sandbox-admin
                prune: \(prune)
            \(backend)
            people: \(people)
            """)
        return (scratch, file)
    }

    static func keep(_ logins: [String]) -> String {
        "\n" + logins.map { "  \($0): {first_name: U, last_name: N, email: \($0)@example.com, accounts: {uyuni: {}}}" }
            .joined(separator: "\n")
    }

    static func run(_ arguments: [String]) async throws -> RosterBinary.Result {
        try await RosterBinary.run(arguments)
    }

    @Test func sixUsersLosingFiveCrossMaxDeletesUntilForced() async throws {
        let (scratch, file) = Self.setUp(backend: "    protect: [admin]\n    safety: {max_deletes: 4}")
        for command in [["plan"], ["apply", "--dry-run"], ["apply", "--yes"]] {
            let refused = try await Self.run(command + ["-c", file])
            #expect(refused.status == 3, "\(command): \(refused.all)")
            #expect(refused.stderr.contains("safety rail 'max-deletes' on backend 'uyuni'"), "\(refused.stderr)")
            #expect(refused.stderr.contains("deletes 5 objects, more than the limit of 4"), "\(refused.stderr)")
            #expect(!refused.stderr.contains("max-delete-fraction"), "5 of 6 users is under the fraction's floor")
            #expect(refused.stderr.contains("--force max-deletes"), "\(refused.stderr)")
        }
        let plan = try await Self.run(["plan", "-c", file, "--force", "max-deletes", "--detailed-exitcode"])
        #expect(plan.status == 2, "\(plan.all)")
        #expect(plan.stdout.contains("user5"), "\(plan.stdout)")
        let dryRun = try await Self.run(["apply", "-c", file, "--dry-run", "--force", "max-deletes"])
        #expect(dryRun.status == 0, "\(dryRun.all)")
        #expect(dryRun.stdout.contains("none sent"), "\(dryRun.stdout)")
        _ = scratch
    }

    @Test func theFractionRailPastALoweredFloor() async throws {
        let (scratch, file) = Self.setUp(backend: "    protect: [admin]\n    safety: {max_delete_fraction: 0.1, fraction_floor: 5}",
                                         people: Self.keep(["user1", "user2", "user3"]))
        for command in [["plan"], ["apply", "--dry-run"]] {
            let refused = try await Self.run(command + ["-c", file])
            #expect(refused.status == 3, "\(command): \(refused.all)")
            #expect(refused.stderr.contains("safety rail 'max-delete-fraction' on backend 'uyuni'"), "\(refused.stderr)")
            #expect(refused.stderr.contains("deletes 2 of 6 objects, more than 10%"), "\(refused.stderr)")
            #expect(!refused.stderr.contains("'max-deletes'"), "\(refused.stderr)")
        }
        let forced = try await Self.run(["apply", "-c", file, "--dry-run", "--force", "max-delete-fraction"])
        #expect(forced.status == 0, "\(forced.all)")
        _ = scratch
    }

    @Test func forcingOneRailLeavesTheOthersStanding() async throws {
        // Nothing protected: every user goes, roster's own admin with them.
        let (scratch, file) = Self.setUp(backend: "    safety: {max_deletes: 4}")
        let all = try await Self.run(["plan", "-c", file])
        #expect(all.status == 3, "\(all.all)")
        for rail in ["max-deletes", "last-admin", "self"] {
            #expect(all.stderr.contains("safety rail '\(rail)' on backend 'uyuni'"), "\(rail): \(all.stderr)")
        }
        #expect(all.stderr.contains("every administrator: uyuni.user/admin"), "\(all.stderr)")
        #expect(all.stderr.contains("deletes roster's own login admin"), "\(all.stderr)")
        var forced: [String] = []
        for rail in ["max-deletes", "last-admin", "self"] {
            let result = try await Self.run(["apply", "-c", file, "--dry-run"] + forced)
            #expect(result.status == 3, "\(forced): \(result.all)")
            #expect(result.stderr.contains("safety rail '\(rail)'"), "\(forced): \(result.stderr)")
            for lifted in forced where lifted != "--force" {
                #expect(!result.stderr.contains("safety rail '\(lifted)'"), "\(lifted) was forced: \(result.stderr)")
            }
            forced += ["--force", rail]
        }
        let through = try await Self.run(["apply", "-c", file, "--dry-run"] + forced)
        #expect(through.status == 0, "\(through.all)")
        let unknown = try await Self.run(["plan", "-c", file, "--force", "max-deletez"])
        #expect(unknown.status == 64, "\(unknown.all)")
        _ = scratch
    }

    @Test func demotingTheOnlyAdministratorCrossesLastAdminAndSelf() async throws {
        let (scratch, file) = Self.setUp(backend: "    protect: [user1, user2, user3, user4, user5]", people: """

              admin: {first_name: Sandbox, last_name: Admin, email: admin@example.com, accounts: {uyuni: {roles: []}}}
            """)
        let plan = try await Self.run(["plan", "-c", file])
        #expect(plan.status == 3, "\(plan.all)")
        #expect(plan.stderr.contains("safety rail 'last-admin'"), "\(plan.stderr)")
        #expect(plan.stderr.contains("demotes or disables roster's own login admin"), "\(plan.stderr)")
        let forced = try await Self.run(["plan", "-c", file, "--force", "last-admin", "--force", "self"])
        #expect(forced.status == 0, "\(forced.all)")
        _ = scratch
    }

    /// Squirro signs in by token, so no own login: demoting its only admin crosses `last-admin` alone.
    @Test func demotingSquirrosOnlyAdminCrossesLastAdminAlone() async throws {
        let scratch = Scratch()
        scratch.write("seed.yaml", """
            tenant: acme
            users:
              - {email: admin@example.com, full_name: ACME Admin, role: admin, password: Admin-pass-1, refresh_token: sandbox-token}
              - {email: bob@example.com, full_name: Bob Jones, role: reader}
            """)
        let file = scratch.write("roster.yaml", """
            version: 1
            backends:
              squirro: {type: squirro, url: sandbox, seed: seed.yaml, tenant: acme, token: sandbox-token}
            people:
              admin: {email: admin@example.com, first_name: ACME, last_name: Admin, accounts: {squirro: {role: user}}}
            """)
        let plan = try await Self.run(["plan", "-c", file])
        #expect(plan.status == 3, "\(plan.all)")
        #expect(plan.stderr.contains("safety rail 'last-admin' on backend 'squirro'"), "\(plan.stderr)")
        #expect(plan.stderr.contains("squirro.user/admin@example.com"), "\(plan.stderr)")
        #expect(!plan.stderr.contains("'self'"), "\(plan.stderr)")
        let forced = try await Self.run(["apply", "-c", file, "--dry-run", "--force", "last-admin"])
        #expect(forced.status == 0, "\(forced.all)")
        #expect(forced.stdout.contains("admin@example.com"), "\(forced.stdout)")
    }

    /// Without pruning, the other users are only listed, so they may be administrators: disabling
    /// roster's own login crosses `self` alone.
    @Test func disablingRostersOwnLoginCrossesSelf() async throws {
        let (scratch, file) = Self.setUp(backend: "", people: """

              admin: {first_name: Sandbox, last_name: Admin, email: admin@example.com, state: disabled, accounts: {uyuni: {}}}
            """, prune: "none")
        let plan = try await Self.run(["plan", "-c", file])
        #expect(plan.status == 3, "\(plan.all)")
        #expect(plan.stderr.contains("safety rail 'self' on backend 'uyuni': the plan demotes or disables roster's own login admin"),
                "\(plan.stderr)")
        #expect(!plan.stderr.contains("'last-admin'"), "\(plan.stderr)")
        let forced = try await Self.run(["plan", "-c", file, "--force", "self"])
        #expect(forced.status == 0, "\(forced.all)")
        _ = scratch
    }
}
