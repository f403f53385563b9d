import ArgumentParser
import Foundation
import RosterSandbox

/// `roster-bench seed --users 2000,20000`: time reading an emulator seed and building its state,
/// per user, at each size; reading is linear when the per-user time stays flat as the seed grows.
struct SeedBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Time loading each emulator's seed (Uyuni, cloud, Squirro, CTERA, ActiveLogic) of each size, per user, and the ratio of largest to smallest."
    )

    @Option(help: "Seed sizes, comma separated.")
    var users = "2000,20000"

    @Option(help: "Measured runs of each; the median is reported.")
    var runs = 5

    @Flag(help: "Print the figures as JSON.")
    var json = false

    func run() throws {
        let sizes = users.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard sizes.count >= 2, sizes.allSatisfy({ $0 > 0 }) else { throw ValidationError("--users needs two or more positive sizes") }
        var rows: [(String, String)] = []
        for backend in SeedKind.allCases {
            var perUser: [Double] = []
            for size in sizes {
                let text = backend.text(users: size)
                var times: [Double] = []
                for _ in 0..<runs { times.append(try Stopwatch.time { try backend.load(text) }) }
                let median = Stopwatch.median(times)
                perUser.append(median / Double(size))
                rows.append(("\(backend) \(size) users s (median)", Format.seconds(median)))
                rows.append(("\(backend) \(size) users µs per user", String(format: "%.2f", median / Double(size) * 1e6)))
            }
            rows.append(("\(backend) per-user ratio \(sizes.last!)/\(sizes.first!)", Format.ratio(perUser.last! / perUser.first!)))
        }
        Table.print(rows, json: json)
    }
}

/// The seeds measured, each written for N users and loaded as `roster sandbox` does.
enum SeedKind: String, CaseIterable, CustomStringConvertible {
    case uyuni, cloud, squirro, ctera, activelogic

    var description: String { rawValue }

    func text(users: Int) -> String {
        var text: String
        switch self {
        case .uyuni:
            text = "system_groups:\n  - {name: web}\n  - {name: db}\nusers:\n"
            for i in 0..<users {
                text += "  - {login: user\(i), password: secret-\(i), first_name: U, last_name: N\(i), "
                    + "email: user\(i)@example.com, roles: [channel_admin], system_groups: [web]}\n"
            }
        case .cloud:
            text = "platforms:\n  - {id: p1}\n  - {id: p2}\nusers:\n"
            for i in 0..<users {
                text += "  - {email: user\(i)@example.com, password: secret-\(i), first_name: U, last_name: N\(i), "
                    + "platform_ids: [p1]}\n"
            }
        case .squirro:
            text = "users:\n"
            for i in 0..<users {
                text += "  - {email: user\(i)@example.com, full_name: User \(i), role: user, password: secret-\(i)}\n"
            }
        case .ctera:
            text = "global:\n  users:\n"
            for i in 0..<users {
                text += "    - {name: user\(i), email: user\(i)@example.com, first_name: U, last_name: N\(i), role: EndUser}\n"
            }
        case .activelogic:
            text = "users:\n"
            for i in 0..<users {
                text += "  user\(i): {password: secret-\(i), readbm: 3, writebm: 1, lviewbm: 0, hosts: [10.0.0.1]}\n"
            }
        }
        return text
    }

    func load(_ text: String) throws {
        switch self {
        case .uyuni: _ = try UyuniSeed.parse(text, file: "seed.yaml").makeState(now: 0)
        case .cloud: _ = try CloudSeed.parse(text, file: "seed.yaml").makeState(now: 0)
        case .squirro: _ = try SquirroSeed.parse(text, file: "seed.yaml").makeState()
        case .ctera: _ = try CteraSeed.parse(text, file: "seed.yaml").makeState()
        case .activelogic: _ = try ActiveLogicSeed.parse(text, file: "seed.yaml").stateJSON()
        }
    }
}
