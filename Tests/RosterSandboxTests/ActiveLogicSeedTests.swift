import Foundation
import Testing
@testable import RosterSandbox

/// The ActiveLogic seed reader: `admin` is user 1 and a seed may change it; every other user takes
/// the next id in file order; the module's state file says the next id.
struct ActiveLogicSeedTests {
    @Test func adminKeepsItsIdAndNewUsersTakeTheNextInFileOrder() throws {
        let seed = try ActiveLogicSeed.parse("""
            users:
              carol: {password: c-1, readbm: all, hosts: [10.0.0.1]}
              admin: {password: changed}
              bob: {password: b-1, writebm: 3, keys: [ssh-ed25519 AAAA]}
            """, file: "seed.yaml")
        #expect(seed.users.map(\.id) == [1, 2, 3])
        #expect(seed.users.map(\.name) == ["admin", "carol", "bob"])
        #expect(seed.users[0].password == "changed" && seed.users[0].readbm == ActiveLogicSeed.all)
        #expect(seed.users[1].readbm == ActiveLogicSeed.all && seed.users[1].hosts == ["10.0.0.1"])
        #expect(seed.users[2].writebm == 3 && seed.users[2].keys == ["ssh-ed25519 AAAA"])
        let state = try JSONSerialization.jsonObject(with: seed.stateJSON()) as? [String: Any]
        #expect(state?["next_id"] as? Int == 4)
        #expect((state?["users"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["admin", "carol", "bob"])
    }

    @Test func aLargeSeedGetsEveryUserOnceWithIncreasingIds() throws {
        var text = "users:\n"
        for i in 0..<3000 { text += "  user\(i): {password: secret-\(i)}\n" }
        let seed = try ActiveLogicSeed.parse(text, file: "seed.yaml")
        #expect(seed.users.count == 3001)
        #expect(seed.users.map(\.id) == Array(1...3001))
        #expect(seed.users.dropFirst().map(\.name) == (0..<3000).map { "user\($0)" })
        #expect(Set(seed.users.map(\.name)).count == 3001)
    }

    @Test func anUnknownKeyIsAnErrorAtItsPlace() {
        #expect(throws: SandboxError.self) { try ActiveLogicSeed.parse("users:\n  bob: {colour: red}\n", file: "seed.yaml") }
    }
}
