@testable import RosterCore
import Testing

/// CSV cells carry what live systems send back: quoted where needed, never read as a formula.
@Suite struct ReportCSVTests {
    @Test func cellsAreQuotedAndFormulasDefused() {
        #expect(AccessReport.csvCell("asmith") == "asmith")
        #expect(AccessReport.csvCell("a,b") == "\"a,b\"")
        #expect(AccessReport.csvCell("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(AccessReport.csvCell("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(AccessReport.csvCell("+1") == "'+1")
        #expect(AccessReport.csvCell("@sum") == "'@sum")
        #expect(AccessReport.csvCell("line\nbreak") == "\"line\nbreak\"")
    }
}
