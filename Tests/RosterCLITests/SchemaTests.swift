import Foundation
import RosterYAML
import Testing
import RosterTestSupport

@Suite struct SchemaTests {
    static let root = RosterBinary.packageRoot

    /// Every config under examples/ (seeds of emulators live in `sandbox/` folders and CI workflows
    /// in `.github/`; neither is a config).
    static var exampleConfigs: [String] {
        let enumerator = FileManager.default.enumerator(atPath: root + "/examples")
        var files: [String] = []
        while let item = enumerator?.nextObject() as? String {
            if (item.hasSuffix(".yaml") || item.hasSuffix(".yml")) && !item.contains("sandbox/") && !item.contains(".roster/")
                && !item.contains(".github/") {
                files.append(root + "/examples/" + item)
            }
        }
        return files.sorted()
    }

    @Test func everyExampleMatchesTheConfigSchema() async throws {
        let schema = try JSONSchema(file: Self.root + "/schemas/roster.schema.json")
        #expect(!Self.exampleConfigs.isEmpty)
        for file in Self.exampleConfigs {
            let document = try YAMLDocument.load(path: file)
            #expect(schema.validate(JSON(document.root)) == [], "\(file)")
        }
    }

    @Test func everyExampleIsValid() async throws {
        for file in Self.exampleConfigs {
            let result = try await RosterBinary.run(["validate", "-c", file])
            #expect(result.status == 0, "\(file): \(result.all)")
        }
    }

    @Test func schemaRejectsWhatTheLoaderRejects() async throws {
        let schema = try JSONSchema(file: Self.root + "/schemas/roster.schema.json")
        let bad = try YAMLDocument.parse("version: 1\npeople:\n  a: {frist_name: x, state: gone}\n", file: "bad.yaml")
        #expect(schema.validate(JSON(bad.root)).count == 2)
    }

    @Test func jsonPlanMatchesThePlanSchema() async throws {
        let scratch = Scratch()
        let folder = try scratch.copy("examples/quickstart")
        let result = try await RosterBinary.run(["plan", "-c", folder + "/roster.yaml", "--format", "json"])
        #expect(result.status == 0, "\(result.all)")
        let schema = try JSONSchema(file: Self.root + "/schemas/plan.schema.json")
        let plan = try JSON.parse(Data(result.stdout.utf8))
        #expect(schema.validate(plan) == [])
        guard case .object(let object) = plan, case .array(let actions)? = object["actions"] else {
            Issue.record("no actions")
            return
        }
        #expect(actions.count >= 3)
    }
}
