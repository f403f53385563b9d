import Foundation
@testable import RosterCloud
@testable import RosterCore
@testable import RosterSandbox
import Testing

/// `state: disabled` and `revoke_api_keys` on the cloud platform, through the pipeline against the
/// emulator: each lockout step its own action, no secret shown or kept, and the lock read back.
@Suite struct CloudLockoutTests {
    typealias T = CloudProviderTests

    static func person(_ extra: String = "", account: String = "api_keys: [ci]") -> String {
        "  kim:\n    email: kim@example.com\n    password: Kim-pass-123!\n\(extra)    accounts: {cloud: {\(account)}}\n"
    }

    @Test func disableRevokesEveryTokenAndKeepsNoPassword() async throws {
        let emulator = try CloudEmulator()
        try await withEmulatorServer(emulator) { (server: EmulatorServer) async throws in
            let url = server.baseURL
            _ = try await T.converge(T.config(url, people: Self.person()))
            emulator.modifyState { state in
                let id = state.user(email: "kim@example.com")!.id
                _ = state.addToken(userID: id, label: "nightly", priority: 0, secret: "_T_job", isAPIKey: false, now: 0,
                                   duration: nil)
            }
            let disabled = T.config(url, people: Self.person("    state: disabled\n"))
            let sent = emulator.log.mutations.count
            let planned = try await T.plan(disabled)
            #expect(emulator.log.mutations.count == sent, "a plan sends nothing: \(emulator.log.mutations)")
            #expect(T.lines(planned) == ["update cloud.user kim@example.com", "delete cloud.api_key kim@example.com/ci",
                                         "delete cloud.job_token kim@example.com/nightly"])
            let text = TextRenderer(color: false).render(planned)
            #expect(text.contains("sign_in: \"password\" → \"random password (not kept)\""), "\(text)")
            #expect(text.contains("priority: 2 → 0"))
            let markdown = MarkdownRenderer().render(planned)
            let json = String(decoding: PlanDocument(planned).encoded(), as: UTF8.self)
            #expect(markdown.contains("random password (not kept)") && json.contains("random password (not kept)"))
            let run = try await T.converge(disabled)
            #expect(run.secrets.isEmpty, "the random password is never kept")
            let user = try #require(emulator.state.user(email: "kim@example.com"))
            #expect(user.priority == 0 && emulator.state.signIn(email: "kim@example.com", password: "Kim-pass-123!") == nil)
            #expect(emulator.state.tokens.filter { $0.userID == user.id }.isEmpty)
            for form in [text, markdown, json] { #expect(!form.contains(user.password)) }
            #expect(try await T.plan(disabled).isEmpty, "locked is converged")

            // Enabled again without a declared password: a generated one, for --secrets-out only.
            let enabled = T.config(url, people: "  kim: {email: kim@example.com, accounts: {cloud: {api_keys: [ci]}}}\n")
            let again = try await T.converge(enabled)
            #expect(T.lines(again.plan) == ["update cloud.user kim@example.com", "create cloud.api_key kim@example.com/ci"])
            #expect(again.plan.actions.allSatisfy { $0.change.generatesSecret })
            let password = try #require(again.secrets["cloud/cloud.user/kim@example.com#password"]).reveal()
            #expect(emulator.state.signIn(email: "kim@example.com", password: password)?.priority == 2)
            #expect(try await T.plan(enabled).isEmpty)
        }
    }

    @Test func aKeyIsRevokedByLabelWithoutPruneAndADurationIsSent() async throws {
        let emulator = try CloudEmulator()
        try await withEmulatorServer(emulator) { (server: EmulatorServer) async throws in
            let url = server.baseURL
            _ = try await T.converge(T.config(url, people: Self.person(account: "api_keys: {ci: {duration: 600}, laptop: {}}")))
            let ci = try #require(emulator.state.tokens.first { $0.label == "ci" })
            #expect(ci.expires == ci.created + 600)
            #expect(emulator.state.tokens.first { $0.label == "laptop" }?.expires == nil)
            let revoking = T.config(url, people: Self.person(account: "revoke_api_keys: [ci]"))
            let run = try await T.converge(revoking)
            #expect(run.lines == ["delete cloud.api_key kim@example.com/ci"])
            #expect(emulator.state.tokens.map(\.label) == ["laptop"])
            #expect(try await T.plan(revoking).isEmpty)
        }
    }

    /// The access review reads a locked user as disabled, not as an account that still works.
    @Test func theAccessReviewSeesTheLock() {
        let id = ResourceID(backend: "cloud", kind: CloudProvider.Kind.user, key: ["kim@example.com"])
        let locked = CloudSession.attributes(of: try! JSONNesting.decode(CloudUser.self, from: Data(#"{"user_id": 5, "email": "kim@example.com", "priority": 0}"#.utf8)))
        #expect(AccessReportBuilder.state(Resource(id, locked)) == "disabled")
        #expect(AccessReportBuilder.state(Resource(id, ["sign_in": .string("password")])) == "present")
    }

    @Test func anActiveAccountCannotDeclarePriorityZero() async throws {
        let config = T.config("http://127.0.0.1:9", people: Self.person(account: "priority: 0"))
        let error = await #expect(throws: DiagnosticError.self) { _ = try await T.plan(config) }
        #expect(error?.description.contains("an active account cannot have priority 0") == true, "\(error?.description ?? "")")
    }
}
