import Foundation
import RosterCore
import RosterRuntime
import Testing
import RosterTestSupport

/// Every provider tells the rails who administers its backend and which login is roster's.
@Suite struct RailsProviderTests {
    static func backends() throws -> [String: BackendConfig] {
        let scratch = Scratch()
        let file = scratch.write("roster.yaml", """
            version: 1
            backends:
              uyuni: {type: uyuni, url: sandbox, username: roster-bot, password: x}
              ctera: {type: ctera, url: sandbox, username: portal-bot, password: x}
              tenant: {type: ctera, url: sandbox, username: global-bot, password: x, tenant: acme}
              squirro: {type: squirro, url: sandbox}
              cloud: {type: cloud, url: sandbox, email: bot@example.com, password: x}
              activelogic: {type: activelogic, url: sandbox, username: admin, password: x}
            people: {}
            """)
        let loaded = try Runner(environment: [:], logger: .init(label: "test")).load(path: file)
        return Dictionary(uniqueKeysWithValues: loaded.backends.map { ($0.name, $0) })
    }

    static func admins(_ backend: BackendConfig, _ resources: [(String, [String], Attributes)]) -> Set<String> {
        let provider = Roster.registry[backend.type]!
        let objects = resources.map { Resource(ResourceID(backend: backend.name, kind: $0.0, key: $0.1), $0.2) }
        return Set(provider.administrators(in: objects).map(\.keyString))
    }

    @Test func eachProviderNamesItsAdministratorsAndItsOwnLogin() throws {
        let backends = try Self.backends()
        let uyuni = try #require(backends["uyuni"])
        let detailed: Attributes = ["first_name": "A", "email": "a@x", "enabled": true]
        #expect(Self.admins(uyuni, [
            ("uyuni.user", ["alice"], detailed), ("uyuni.role", ["alice", "org_admin"], [:]),
            ("uyuni.user", ["bob"], detailed), ("uyuni.role", ["bob", "channel_admin"], [:]),
            ("uyuni.user", ["carol"], ["first_name": "C", "enabled": false]), ("uyuni.role", ["carol", "satellite_admin"], [:]),
            ("uyuni.user", ["dave"], ["enabled": true]),  // listed only: roles unknown, counted
        ]) == ["alice", "dave"])
        let ctera = try #require(backends["ctera"])
        #expect(Self.admins(ctera, [
            ("ctera.user", ["alice"], ["role": "ReadWriteAdmin"]), ("ctera.user", ["bob"], ["role": "ReadOnlyAdmin"]),
            ("ctera.domain_user", ["corp", "carol"], ["role": "ReadWriteAdmin"]), ("ctera.user", ["dave"], ["role": "Disabled"]),
        ]) == ["alice", "corp/carol"])
        let squirro = try #require(backends["squirro"])
        #expect(Self.admins(squirro, [("squirro.user", ["a@x"], ["role": "admin"]), ("squirro.user", ["b@x"], ["role": "user"])])
                == ["a@x"])
        let cloud = try #require(backends["cloud"])
        #expect(Self.admins(cloud, [("cloud.user", ["a@x"], ["is_admin": true]), ("cloud.user", ["b@x"], ["is_admin": false])])
                == ["a@x"])
        let activelogic = try #require(backends["activelogic"])
        #expect(Self.admins(activelogic, [("activelogic.user", ["admin"], [:]), ("activelogic.user", ["bob"], [:])]) == ["admin"])

        let own = backends.mapValues { Roster.registry[$0.type]!.ownLogin($0)?.description }
        #expect(own["uyuni"] == "uyuni/uyuni.user/roster-bot")
        #expect(own["ctera"] == "ctera/ctera.user/portal-bot")
        #expect(own["tenant"] == .some(nil), "a global admin is no portal user")
        #expect(own["squirro"] == .some(nil), "a token names no login")
        #expect(own["cloud"] == "cloud/cloud.user/bot@example.com")
        #expect(own["activelogic"] == "activelogic/activelogic.user/admin")
    }
}
