import Testing
import RosterYAML

@Suite struct YAMLMergeTests {
    @Test func singleMergeAddsMissingKeysAfterExplicitOnes() throws {
        let document = try load("""
            base: &base {type: uyuni, url: prod, verify: true}
            backend:
              url: sandbox
              <<: *base
              name: test

            """)
        let backend = try #require(document.root["backend"])
        #expect(backend.entries.map { $0.key.scalar } == ["url", "name", "type", "verify"])
        #expect(backend["url"]?.scalar == "sandbox")
        #expect(backend["type"]?.scalar == "uyuni")
        #expect(backend["verify"]?.bool == true)
        #expect(backend["<<"] == nil)
        #expect(backend.count == 4)
    }

    @Test func earlierMergesWinOverLaterOnes() throws {
        let document = try load("""
            a: &a {x: from-a, y: from-a}
            b: &b {y: from-b, z: from-b}
            c:
              <<: [*a, *b]
              z: own

            """)
        let c = try #require(document.root["c"])
        #expect(c.entries.map { "\($0.key.scalar!)=\($0.value.scalar!)" } == ["z=own", "x=from-a", "y=from-a"])
        #expect(c["y"]?.scalar == "from-a")
    }

    @Test func mergedKeysKeepTheirOwnPlaces() throws {
        let document = try load("base: &base\n  role: admin\nuser:\n  <<: *base\n")
        #expect(document.root["user"]?["role"]?.place == "2:9")
    }

    @Test func mergesChainThroughMergedMappings() throws {
        let document = try load("""
            a: &a {x: 1}
            b: &b {<<: *a, y: 2}
            c: {<<: *b, z: 3}

            """)
        let c = try #require(document.root["c"])
        #expect(c.entries.map { $0.key.scalar } == ["z", "y", "x"])
        #expect(c["x"]?.int == 1)
    }

    @Test func inlineMappingAndLargeMappingsMerge() throws {
        var text = "base: &base\n"
        for i in 0..<40 { text += "  k\(i): base\(i)\n" }
        text += "over:\n  <<: [{inline: yes}, *base]\n"
        for i in 0..<20 { text += "  k\(i * 2): own\(i * 2)\n" }
        let over = try #require(try load(text).root["over"])
        #expect(over.count == 41)
        #expect(over["k0"]?.scalar == "own0")
        #expect(over["k1"]?.scalar == "base1")
        #expect(over["k39"]?.scalar == "base39")
        #expect(over["inline"]?.scalar == "yes")
        #expect(over.entries.map { $0.key.scalar! }.prefix(21).last == "inline")
    }

    @Test func quotedMergeKeyIsAnOrdinaryKey() throws {
        let document = try load("a: &a {x: 1}\nb: {'<<': *a}\n")
        #expect(document.root["b"]?["<<"]?["x"]?.int == 1)
        #expect(document.root["b"]?["x"] == nil)
    }

    @Test func mergeOfAScalarFailsAtIt() {
        let found = errors("s: &s text\nm:\n  <<: *s\nn:\n  <<: plain\n")
        #expect(found.map(\.description) == [
            "test.yaml:3:7: error: '<<' value must be a mapping or a sequence of mappings",
            "test.yaml:5:7: error: '<<' value must be a mapping or a sequence of mappings",
        ])
    }

    @Test func mergeListItemsMustBeMappings() {
        let found = errors("a: &a {x: 1}\nl: &l [1, 2]\nm: {<<: [*a, text, [1]]}\nn: {<<: *l}\n")
        #expect(found.map(\.description) == [
            "test.yaml:3:14: error: '<<' sequence items must be mappings",
            "test.yaml:3:20: error: '<<' sequence items must be mappings",
            "test.yaml:4:9: error: '<<' sequence items must be mappings",
        ])
    }
}
