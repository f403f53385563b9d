import Foundation
import RosterTestSupport
import RosterYAML
import Testing
@testable import RosterCore

/// The pure parts of `roster import`: the YAML emitter's quoting and the joining of people.
@Suite struct ImportTests {
    /// Strings that change meaning or break the file when written plain.
    static let tricky = [
        "", " lead", "trail ", "42", "-7", "0x1f", "0o17", "1e3", "3.14", ".inf", ".NaN", "true", "False", "yes", "No",
        "on", "OFF", "y", "null", "Null", "~", "a: b", "a #b", "#x", "key:", "- item", "-", "?", "[a]", "{a}", "a, b",
        "*ref", "&anchor", "!tag", "|", ">", "'single'", "\"double\"", "%dir", "@at", "`tick`", "line\nbreak",
        "tab\there", "back\\slash", "bell\u{7}", "2024-01-01", "1:20", "${env:X}x", "ünïcode ok", "a\u{2028}b",
    ]

    @Test func everyStringReadsBackAsTheSameString() throws {
        let value = ExportValue.map(Self.tricky.enumerated().map { ("k\($0.offset)", .string($0.element)) }
            + [("list", .strings(Self.tricky)), ("keys", .map(Self.tricky.map { ($0, .int(1)) }))])
        let text = YAMLEmitter.emit(value)
        let root = try YAMLDocument.parse(text, file: "emitted.yaml").root
        for (i, string) in Self.tricky.enumerated() {
            let node = try #require(root["k\(i)"], "\(text)")
            #expect(node.scalar == string && node.bool == nil && node.int == nil && !node.isNull,
                    "\(string.debugDescription) read back as \(node.scalar.debugDescription) in:\n\(text)")
        }
        #expect(root["list"]?.items.map { $0.scalar ?? "?" } == Self.tricky, "\(text)")
        #expect(root["keys"]?.entries.map { $0.key.scalar ?? "?" } == Self.tricky, "\(text)")
    }

    @Test func plainTextStaysPlainAndTypedValuesKeepTheirType() throws {
        let text = YAMLEmitter.emit(.map([
            ("count", .int(30)), ("b", .bool(false)), ("z", .null), ("copied", .plain("0.25")), ("word", .string("sandbox")),
            ("email", .string("alice@example.com")), ("empty_list", .list([])), ("empty_map", .map([])),
            ("nested", .map([("list", .strings(["a", "b"])), ("deep", .map([("x", .string("why"))]))])),
        ]))
        #expect(text.contains("count: 30\n") && text.contains("b: false\n") && text.contains("copied: 0.25\n"), "\(text)")
        #expect(text.contains("word: sandbox\n") && text.contains("email: alice@example.com\n"), "\(text)")
        #expect(text.contains("empty_list: []\n") && text.contains("empty_map: {}\n"), "\(text)")
        #expect(text.contains("nested:\n  list: [a, b]\n  deep:\n    x: why\n"), "\(text)")
        let root = try YAMLDocument.parse(text, file: "t.yaml").root
        #expect(root["count"]?.int == 30 && root["b"]?.bool == false && root["z"]?.isNull == true)
        #expect(root["copied"]?.double == 0.25)
    }

    static func account(_ login: String, email: String?, _ person: [PersonField], key: String? = "login") -> ExportedAccount {
        ExportedAccount(login: login, loginKey: key, email: email, person: person, fields: ExportMapping())
    }

    static func people(_ sources: [(String, [ExportedAccount])]) -> [String: [String]] {
        let document = Importer().document(sources.map { Importer.Source(name: $0.0, block: .map([]), export: BackendExport(accounts: $0.1)) })
        var result: [String: [String]] = [:]
        for person in document["people"]?.entries ?? [] {
            result[person.key] = person.value["accounts"]?.entries?.map(\.key) ?? []
        }
        return result
    }

    @Test func accountsJoinByEmailThenLoginWhenTheyAgree() {
        let people = Self.people([
            ("uyuni", [Self.account("bjones", email: "Bob@example.com", [.firstName("Bob"), .lastName("Jones"), .email("Bob@example.com")]),
                       Self.account("carol", email: "carol@example.com", [.firstName("Carol"), .lastName("Davis"),
                                                                          .email("carol@example.com"), .state(.disabled)])]),
            ("squirro", [Self.account("bob@example.com", email: "bob@example.com", [.fullName("Bob Jones")], key: nil),
                         Self.account("carol@example.com", email: "carol@example.com", [.fullName("Carol Davis")], key: nil)]),
            ("activelogic", [Self.account("bjones", email: nil, [], key: "name"), Self.account("zed", email: nil, [], key: "name")]),
            ("cloud", [Self.account("bob@example.com", email: "bob@example.com", [.firstName("Robert"), .lastName("Jones")], key: nil)]),
        ])
        #expect(Set(people["bjones"] ?? []) == ["uyuni", "squirro", "activelogic"], "\(people)")
        #expect(people["bob"] == ["cloud"], "another first name: a person of its own: \(people)")
        #expect(people["carol"] == ["uyuni"] && people["carol-2"] == ["squirro"], "disabled is not joined to active: \(people)")
        #expect(people["zed"] == ["activelogic"], "\(people)")
    }

    /// Thousands of users on three backends join into as many people, without comparing every pair.
    @Test func manyAccountsJoinQuickly() {
        let n = 4000
        let logins = (0..<n).map { "user\($0)" }
        let people = Self.people([
            ("uyuni", logins.map { Self.account($0, email: "\($0)@example.com", [.firstName("U"), .lastName($0), .email("\($0)@example.com")]) }),
            ("squirro", logins.map { Self.account("\($0)@example.com", email: "\($0)@example.com", [.fullName("U \($0)")], key: nil) }),
            ("activelogic", logins.map { Self.account($0, email: nil, [], key: "name") }),
        ])
        #expect(people.count == n)
        #expect(people.values.allSatisfy { $0.count == 3 })
    }

    @Test func fullNamesSplitAtTheFirstSpaceOrStayWhole() {
        let one = PersonFields.merge([.fullName("Carol van Dyke")])
        #expect(one?.firstName == "Carol" && one?.lastName == "van Dyke")
        let odd = PersonFields.merge([.fullName(" Cher")])
        #expect(odd?.firstName == " Cher" && odd?.lastName == nil)
        #expect(PersonFields.merge([.firstName("Bob"), .lastName(""), .fullName("Bob")])?.firstName == "Bob")
        #expect(PersonFields.merge([.firstName("Bob"), .lastName("Jones"), .fullName("Bob J")]) == nil)
        #expect(PersonFields.merge([.email("a@x"), .email("A@x")]) == nil)
        #expect(PersonFields.merge([.state(.active), .state(.disabled)]) == nil)
    }

    @Test func literalSecretsBecomePlaceholders() {
        #expect(BackendBlock.placeholder(backend: "uyuni-prod", key: "password") == "UYUNI_PROD_PASSWORD")
        #expect(BackendBlock.placeholder(backend: "1st", key: "token") == "_1ST_TOKEN")
        var environment: [String] = []
        let kept = BackendBlock.secret("${env:MINE}", backend: "b", key: "password", relocate: { $0 }, environment: &environment)
        let file = BackendBlock.secret("${file:secrets/p}", backend: "b", key: "password", relocate: { "/abs/" + $0 },
                                       environment: &environment)
        let literal = BackendBlock.secret("hunter2", backend: "b", key: "password", relocate: { $0 }, environment: &environment)
        #expect(kept == "${env:MINE}" && file == "${file:/abs/secrets/p}" && literal == "${env:B_PASSWORD}")
        #expect(environment == ["MINE", "B_PASSWORD"])
    }

    @Test func programPathsFollowTheConfigToAnotherFolder() throws {
        let folder = TempFolder()
        folder.write("providers/mine.py", "")
        folder.write("extra.conf", "")
        let relocate: (String) -> String = { folder.path + "/" + $0 }
        let root = try YAMLDocument.parse("""
            list: [python3, providers/mine.py, --config, extra.conf, missing.conf, /abs/x.py]
            relative: ./providers/mine.py
            bare: mine.py
            """, file: "p.yaml").root
        let list = BackendBlock.program(try #require(root["list"]), configFolder: folder.path, relocate: relocate)
        #expect(YAMLEmitter.emit(.map([("p", list)])) == YAMLEmitter.emit(.map([("p", .list([
            .plain("python3"), .string(folder.path + "/providers/mine.py"), .plain("--config"),
            .string(folder.path + "/extra.conf"), .plain("missing.conf"), .plain("/abs/x.py"),
        ]))])))
        let relative = BackendBlock.program(try #require(root["relative"]), configFolder: folder.path, relocate: relocate)
        #expect(YAMLEmitter.emit(.map([("p", relative)])) == "p: \(folder.path)/./providers/mine.py\n")
        let bare = BackendBlock.program(try #require(root["bare"]), configFolder: folder.path, relocate: relocate)
        #expect(YAMLEmitter.emit(.map([("p", bare)])) == "p: mine.py\n")
    }
}
