import Foundation
import RosterTestSupport
import Testing

/// The README stays a short front page, and every relative link in it and in `docs/` leads to a
/// file that exists and, when it names a section, to a heading of that file.
struct DocsTests {
    static let root = RosterBinary.packageRoot

    static var pages: [String] {
        let docs = FileManager.default.enumerator(atPath: root + "/docs")?.compactMap { $0 as? String } ?? []
        return ["README.md"] + docs.filter { $0.hasSuffix(".md") }.map { "docs/" + $0 }
    }

    @Test func theReadmeIsAFrontPage() throws {
        let readme = try String(contentsOfFile: Self.root + "/README.md", encoding: .utf8)
        let lines = readme.split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(lines <= 200, "README.md has \(lines) lines")
        #expect(readme.contains("swift test"))
    }

    @Test func everyRelativeLinkResolves() throws {
        #expect(Self.pages.count > 10, "\(Self.pages)")
        var broken: [String] = []
        for page in Self.pages {
            let text = try String(contentsOfFile: Self.root + "/" + page, encoding: .utf8)
            let folder = (page as NSString).deletingLastPathComponent
            for link in Self.links(in: text) where !link.contains("://") && !link.hasPrefix("mailto:") {
                let parts = link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                let target = parts[0].isEmpty ? page : ((folder as NSString).appendingPathComponent(parts[0]) as NSString).standardizingPath
                guard FileManager.default.fileExists(atPath: Self.root + "/" + target) else {
                    broken.append("\(page): \(link)"); continue
                }
                if parts.count == 2, target.hasSuffix(".md"),
                   !(try Self.anchors(of: Self.root + "/" + target)).contains(parts[1]) {
                    broken.append("\(page): \(link) (no such heading)")
                }
            }
        }
        #expect(broken.isEmpty, "\(broken)")
    }

    /// The targets of `[text](target)` links.
    static func links(in text: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: #"\]\(([^)\s]+)\)"#)
        let range = NSRange(text.startIndex..., in: text)
        return pattern.matches(in: text, range: range).compactMap { Range($0.range(at: 1), in: text).map { String(text[$0]) } }
    }

    /// GitHub's anchors of a page's headings: lower case, punctuation dropped, spaces as dashes.
    static func anchors(of path: String) throws -> Set<String> {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return Set(text.split(separator: "\n").filter { $0.hasPrefix("#") }.map { line in
            let title = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces).lowercased()
            return String(title.compactMap { c -> Character? in
                if c == " " { return "-" }
                return c.isLetter || c.isNumber || c == "-" || c == "_" ? c : nil
            })
        })
    }
}
