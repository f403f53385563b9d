import RosterCore
import RosterHTTP
import Testing

@Suite struct ServerURLTests {
    @Test func trailingSlashesAreTrimmed() {
        #expect(ServerURL.trimmed("https://h.example.com///") == "https://h.example.com")
        #expect(ServerURL.trimmed("https://h.example.com/api") == "https://h.example.com/api")
        #expect(ServerURL.trimmed("") == "")
    }

    @Test func theAPIPathIsAddedUnlessTheURLNamesARoot() {
        let roots = ["/admin/api", "/ServicesPortal/api"]
        #expect(ServerURL.root("https://p.example.com", appending: "/admin/api", keeping: roots) == "https://p.example.com/admin/api")
        #expect(ServerURL.root("https://p.example.com/", appending: "/admin/api", keeping: roots) == "https://p.example.com/admin/api")
        #expect(ServerURL.root("https://p.example.com/ServicesPortal/api/", appending: "/admin/api", keeping: roots)
            == "https://p.example.com/ServicesPortal/api")
    }

    @Test func aPathAfterTheHostIsSeen() {
        #expect(!ServerURL.hasPath("https://u.example.com"))
        #expect(!ServerURL.hasPath("https://u.example.com:8443"))
        #expect(ServerURL.hasPath("https://u.example.com/rpc/api"))
    }

    @Test func theHostOfAURLNamesSchemeHostAndPort() {
        #expect(ServerURL.host(of: "https://u.example.com:8443/rpc/api?x=1") == "https://u.example.com:8443")
        #expect(ServerURL.host(of: "http://u.example.com/") == "http://u.example.com")
    }
}
