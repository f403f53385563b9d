import Foundation
import RosterFuzzing
import RosterRuntime
import RosterTestSupport
import Testing

/// Every seed of the fuzz corpus (`Fuzz/corpus/TARGET`) and every input that once crashed a fuzz
/// target (`Fuzz/regressions/TARGET`) goes through what the target does with it. A regression
/// would crash this test process, as it crashed the fuzzer.
@Suite struct FuzzRegressionTests {
    static let targets: [(String, @Sendable ([UInt8]) -> Void)] = [
        ("config", FuzzInput.config),
        ("xmlrpc", FuzzInput.xmlrpc),
        ("ctera-xml", FuzzInput.cteraXML),
        ("json", FuzzInput.json),
    ]

    @Test func theConfigTargetLoadsWithEveryProvider() {
        #expect(FuzzInput.registry.types == Roster.registry.types)
    }

    static func inputs(_ folder: String) -> [String] {
        let path = RosterTestSupport.packageRoot + "/Fuzz/" + folder
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.sorted().map { path + "/" + $0 }
    }

    @Test(arguments: targets.map(\.0))
    func corpusAndRegressionsRunClean(target: String) throws {
        let run = try #require(Self.targets.first { $0.0 == target }?.1)
        let seeds = Self.inputs("corpus/" + target)
        #expect(seeds.count >= 5, "the \(target) corpus has \(seeds.count) seeds")
        for file in seeds + Self.inputs("regressions/" + target) {
            run(Array(try Data(contentsOf: URL(fileURLWithPath: file))))
        }
    }
}
