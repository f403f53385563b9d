import Foundation
import Testing
import RosterTestSupport

/// A saved plan checked action by action on every backend besides Uyuni (`SavedPlanTests`), through
/// the binary against each sandbox kept in a state file. The reviewed plan updates `u2` and `u3` and
/// creates `n1`; then `u2` is changed out of band (by another config, as another tool would).
/// Applying the saved plan refuses `u2`'s update with the attribute named and exit 5, applies the
/// rest, and leaves the out-of-band value in place.
@Suite(.serialized) struct SavedPlanBackendsCLITests {
    typealias Backend = RailsBackendsCLITests.Backend

    /// What the review changes on each backend, and the value written out of band.
    struct Change: Sendable {
        var attribute: String
        /// The person `u2` or `u3` with the reviewed value, or `u2` with the out-of-band one.
        var person: @Sendable (_ login: String, _ value: String) -> String
        var newPerson: String
        var reviewed: String
        var drifted: String
    }

    static func change(_ b: Backend) -> Change {
        switch b.type {
        case "activelogic":
            return Change(attribute: "readbm",
                          person: { "  \($0): {accounts: {activelogic: {readbm: \($1)}}}" },
                          newPerson: "  n1: {password: pass-n1, accounts: {activelogic: {readbm: 1}}}",
                          reviewed: "3", drifted: "7")
        default:
            // Squirro keeps one full name, which the person's names make.
            return Change(attribute: b.type == "squirro" ? "full_name" : "last_name",
                          person: { "  \($0): {first_name: U, last_name: \($1), email: \($0)@example.com, accounts: {\(b.type): {}}}" },
                          newPerson: "  n1: {first_name: N, last_name: One, email: n1@example.com, password: Pass-word-n11, accounts: {\(b.type): {}}}",
                          reviewed: "Reviewed", drifted: "Drifted")
        }
    }

    /// The backend's sandbox, kept in `state.json` between runs.
    static func config(_ b: Backend, people: [String]) -> String {
        RailsBackendsCLITests.config(b, backend: "    state: state.json", people: "\n" + people.joined(separator: "\n") + "\n")
    }

    @Test(arguments: RailsBackendsCLITests.all)
    func driftedActionIsRefusedTheRestApplied(_ b: Backend) async throws {
        let scratch = Scratch()
        scratch.write("seed.yaml", b.seed)
        let c = Self.change(b)
        let reviewedConfig = Self.config(b, people: [c.person("u2", c.reviewed), c.person("u3", c.reviewed), c.newPerson])
        let file = scratch.write("roster.yaml", reviewedConfig)
        let saved = scratch.path + "/plan.json"
        let plan = try await RosterBinary.run(["plan", "-c", file, "--out", saved, "--detailed-exitcode"])
        #expect(plan.status == 2, "\(plan.all)")
        #expect(plan.stdout.contains("u2") && plan.stdout.contains("u3") && plan.stdout.contains("n1"), "\(plan.stdout)")

        // Out of band, after the review: u2 gets a third value.
        let other = scratch.write("other.yaml", Self.config(b, people: [c.person("u2", c.drifted)]))
        let outOfBand = try await RosterBinary.run(["apply", "-c", other, "--yes"])
        #expect(outOfBand.status == 0, "\(outOfBand.all)")

        let apply = try await RosterBinary.run(["apply", saved, "-c", file, "--yes"])
        #expect(apply.status == 5, "\(apply.all)")
        let refusal = apply.stderr.split(separator: "\n").first { $0.contains("refused update") }
        #expect(refusal?.contains("u2") == true, "\(apply.stderr)")
        #expect(refusal?.contains("live object changed since review: \(c.attribute)") == true, "\(apply.stderr)")
        #expect(!apply.stderr.contains("refused update \(b.type)/\(b.type).user/u3"), "\(apply.stderr)")

        // What is left of the reviewed config is u2's change alone: u3 and n1 were applied.
        let after = try await RosterBinary.run(["plan", "-c", file, "--detailed-exitcode"])
        #expect(after.status == 2, "\(after.all)")
        #expect(after.stdout.contains("u2"), "\(after.stdout)")
        #expect(!after.stdout.contains("u3") && !after.stdout.contains("n1"), "\(after.stdout)")
        #expect(after.stdout.contains(c.drifted), "the out-of-band value is still live: \(after.stdout)")
        // The change left is from the out-of-band value to the reviewed one.
        let left = after.stdout.split(separator: "\n").first { $0.contains("\(c.attribute):") }
        #expect(left?.contains(c.drifted) == true && left?.contains(c.reviewed) == true, "\(after.stdout)")
        // And the out-of-band config sees its own value.
        let kept = try await RosterBinary.run(["plan", "-c", other, "--detailed-exitcode"])
        #expect(kept.status == 0, "\(kept.all)")
    }
}
