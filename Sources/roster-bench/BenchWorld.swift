import Foundation
import RosterSandbox

/// A generated world for `plan` and `apply`: N people spread over the backends (person i has one
/// account, on backend i mod B), each backend's emulator seeded directly with the live side, and
/// the config that names them. With drift P %, one person in 100/P on each backend differs:
/// in turn a create (not live), an update (live with another last name) and a delete
/// (`state: absent` in the config, live).
struct BenchWorld {
    static let allBackends = ["uyuni", "ctera", "cloud", "squirro", "activelogic"]
    static let password = "Bench-pass-1"

    let people: Int
    let drift: Double
    let backends: [String]

    enum Role { case same, create, update, delete }

    /// What each backend holds, for the requests' minimum.
    struct Counts {
        var people = 0, creates = 0, updates = 0, deletes = 0
        /// Live users the config wants to exist: those a plan must compare.
        var compared: Int { people - creates - deletes }
        /// Users on the backend before the run (the seed's own admin not counted).
        var live: Int { people - creates }
    }

    func backend(of person: Int) -> String { backends[person % backends.count] }

    func role(of person: Int) -> Role {
        guard drift > 0 else { return .same }
        let stride = max(1, Int((100 / drift).rounded()))
        let j = person / backends.count
        guard j % stride == stride / 2 else { return .same }
        return [Role.create, .update, .delete][(j / stride) % 3]
    }

    static func id(_ person: Int) -> String { String(format: "p%06d", person) }

    var counts: [String: Counts] {
        var counts: [String: Counts] = [:]
        for person in 0..<people {
            var c = counts[backend(of: person), default: Counts()]
            c.people += 1
            switch role(of: person) {
            case .same: break
            case .create: c.creates += 1
            case .update: c.updates += 1
            case .delete: c.deletes += 1
            }
            counts[backend(of: person)] = c
        }
        return counts
    }

    /// The live people of one backend: (index, last name as live has it).
    func live(on name: String) -> [(Int, String)] {
        var result: [(Int, String)] = []
        for person in stride(from: backends.firstIndex(of: name)!, to: people, by: backends.count) {
            switch role(of: person) {
            case .create: continue
            case .update: result.append((person, "Old\(person)"))
            case .same, .delete: result.append((person, "Number\(person)"))
            }
        }
        return result
    }

    // MARK: seeds

    func uyuniSeed() -> UyuniSeed {
        var seed = UyuniSeed.default
        for (i, last) in live(on: "uyuni") {
            seed.users.append(.init(login: Self.id(i), password: Self.password, firstName: "Person", lastName: last,
                                    email: "\(Self.id(i))@example.com", roles: ["channel_admin"]))
        }
        return seed
    }

    func cteraSeed() -> CteraSeed {
        var seed = CteraSeed.default
        for (i, last) in live(on: "ctera") {
            seed.global.users.append(.init(name: Self.id(i), email: "\(Self.id(i))@example.com", firstName: "Person",
                                           lastName: last, password: Self.password))
        }
        return seed
    }

    func cloudSeed() -> CloudSeed {
        var seed = CloudSeed.default
        for (i, last) in live(on: "cloud") {
            seed.users.append(.init(email: "\(Self.id(i))@example.com", password: Self.password, firstName: "Person",
                                    lastName: last))
        }
        return seed
    }

    func squirroSeed() -> SquirroSeed {
        var seed = SquirroSeed.default
        for (i, last) in live(on: "squirro") {
            seed.users.append(.init(email: "\(Self.id(i))@example.com", fullName: "Person \(last)", role: "user",
                                    password: Self.password))
        }
        return seed
    }

    /// The ActiveLogic sandbox's state file (the module's format), written directly.
    func writeActiveLogicState(to path: String) throws {
        var out = "{\"version\": 1, \"users\": [\n"
        out += "{\"id\": 1, \"name\": \"admin\", \"password\": \"sandbox-admin\", \"readbm\": \(Int64.max), "
            + "\"writebm\": \(Int64.max), \"lviewbm\": \(Int64.max), \"timeout\": 0, \"hosts\": [], \"keys\": []}"
        var next = 2
        for (i, _) in live(on: "activelogic") {
            // ActiveLogic has no last name: an update is a user whose timeout the config sets differently.
            out += ",\n{\"id\": \(next), \"name\": \"\(Self.id(i))\", \"password\": \"\(Self.password)\", \"readbm\": 0, "
                + "\"writebm\": 0, \"lviewbm\": 0, \"timeout\": \(role(of: i) == .update ? 60 : 0), \"hosts\": [], \"keys\": []}"
            next += 1
        }
        out += "\n], \"next_id\": \(next)}\n"
        try out.write(toFile: path, atomically: true, encoding: .utf8)
    }

    // MARK: config

    /// The config, with each backend's `url` (an emulator's address, or `sandbox` with `state:`).
    func writeConfig(to path: String, urls: [String: String], activeLogicState: String?) throws {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: path) else { throw BenchError("cannot write \(path)") }
        defer { try? handle.close() }
        var buffer = "version: 1\nbackends:\n"
        for name in backends {
            buffer += "  \(name):\n    type: \(name)\n"
            switch name {
            case "uyuni": buffer += "    url: \(urls[name]!)\n    username: admin\n    password: sandbox-admin\n"
            case "ctera": buffer += "    url: \(urls[name]!)\n    username: admin\n    password: sandbox-admin\n"
            case "cloud": buffer += "    url: \(urls[name]!)\n    email: admin@example.com\n    password: sandbox-admin\n"
            case "squirro": buffer += "    url: \(urls[name]!)\n    tenant: sandbox\n    token: sandbox-token\n"
            default: buffer += "    url: sandbox\n    state: \(activeLogicState!)\n"
            }
        }
        buffer += "people:\n"
        for person in 0..<people {
            buffer += personYAML(person)
            if buffer.utf8.count > 1 << 20 {
                handle.write(Data(buffer.utf8))
                buffer = ""
            }
        }
        handle.write(Data(buffer.utf8))
    }

    private func personYAML(_ person: Int) -> String {
        let id = Self.id(person), name = backend(of: person), role = role(of: person)
        let account: String
        switch name {
        case "uyuni": account = "{roles: [channel_admin]}"
        case "squirro": account = "{role: user}"
        case "activelogic": account = role == .update ? "{timeout: 0}" : "{}"
        default: account = "{}"
        }
        return """
              \(id):
                first_name: Person
                last_name: Number\(person)
                email: \(id)@example.com
                password: \(Self.password)\(role == .delete ? "\n    state: absent" : "")
                accounts:
                  \(name): \(account)

            """
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
