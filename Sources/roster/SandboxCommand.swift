import ArgumentParser
import Foundation
import RosterRuntime
import RosterSandbox

struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Serve every backend's emulator on loopback until interrupted.",
        discussion: """
            Prints one line per emulator, 'TYPE URL', before serving: the URL a client of that \
            type takes as it is (Uyuni's XML-RPC endpoint, .../rpc/api; the base URL of the \
            others). The emulators speak each vendor's wire protocol, so vendor SDKs and other \
            tools can use them.
            """
    )

    @Option(help: "Pin a port: TYPE=PORT (repeatable). Default: an ephemeral port.")
    var port: [String] = []

    @Option(help: "Replace a seed: TYPE=FILE (repeatable).")
    var seed: [String] = []

    @Option(help: "Keep an emulator's state in a file: TYPE=FILE (repeatable).")
    var state: [String] = []

    @Option(help: """
        Inject faults into an emulator: TYPE:SPEC (repeatable), SPEC as in \
        error=0.1,status=500/503,drop=0.05,lost=0.02,throttle=0.05,retry-after=1,latency=20ms. \
        Replaces the seed's faults: block.
        """)
    var fault: [String] = []

    @Option(help: "Serve these types over HTTPS (repeatable; default: all, when --tls-cert is given).")
    var tls: [String] = []

    @Option(help: "PEM certificate (chain) for HTTPS, e.g. a self-signed one for a vendor SDK that needs TLS.")
    var tlsCert: String?

    @Option(help: "PEM private key of --tls-cert.")
    var tlsKey: String?

    func validate() throws { _ = try launches() }

    /// One launch per sandbox type, servers first, as the flags ask; every flag checked.
    func launches() throws -> [SandboxLaunch] {
        let ports = try Self.pairs(port, "--port").mapValues { value -> Int in
            guard let p = Int(value), (0...65535).contains(p) else { throw ValidationError("bad port '\(value)'") }
            return p
        }
        let seeds = try Self.pairs(seed, "--seed")
        let states = try Self.pairs(state, "--state")
        let faults = try Self.faultPlans(fault)
        if (tlsCert == nil) != (tlsKey == nil) || (!tls.isEmpty && tlsCert == nil) {
            throw ValidationError("--tls-cert and --tls-key go together, and --tls needs them")
        }
        for type in ports.keys where Sandbox.moduleTypes.contains(type) {
            throw ValidationError("the \(type) sandbox is a module, not a server: it takes no port")
        }
        for type in Set(ports.keys).union(seeds.keys).union(states.keys).union(tls).union(faults.keys) where !Sandbox.types.contains(type) {
            throw ValidationError("unknown sandbox type '\(type)'; known: \(Sandbox.types.joined(separator: ", "))")
        }
        let pem = tlsCert.map { SandboxLaunch.TLS(certificate: $0, key: tlsKey ?? "") }
        let tlsTypes = Set(tls.isEmpty ? Sandbox.types : tls)
        let servers = Sandbox.types.filter { !Sandbox.moduleTypes.contains($0) }
        return (servers + Sandbox.moduleTypes).map { type in
            SandboxLaunch(type: type, seedPath: seeds[type], statePath: states[type], port: ports[type] ?? 0,
                          tls: tlsTypes.contains(type) ? pem : nil, faults: faults[type])
        }
    }

    func run() async throws {
        var started: [LaunchedSandbox] = []
        do {
            for launch in try launches() {
                let sandbox = try await launch.start()
                started.append(sandbox)
                switch sandbox {
                case .server(let server):
                    Output.write("\(launch.type) \(Sandbox.clientURL(type: launch.type, baseURL: server.baseURL))\n")
                case .module(let module):
                    Output.write("\(launch.type) \(module.url)\n")
                    let path = module.environment.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: " ")
                    Output.writeError("\(launch.type): the sandbox is a module; run Python with \(path)\n")
                }
            }
        } catch {
            for sandbox in started { await sandbox.stop() }
            Output.error(String(describing: error))
            throw ExitCode.failure
        }
        defer { for case .module(let module) in started { module.remove() } }
        while !Task.isCancelled { try await Task.sleep(for: .seconds(3600)) }
    }

    /// `TYPE:SPEC` values, each parsed into a fault plan.
    static func faultPlans(_ values: [String]) throws -> [String: FaultPlan] {
        var plans: [String: FaultPlan] = [:]
        for value in values {
            let parts = value.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { throw ValidationError("--fault takes TYPE:SPEC, not '\(value)'") }
            do throws(SandboxError) {
                plans[String(parts[0])] = try FaultPlan(spec: String(parts[1]))
            } catch {
                throw ValidationError("--fault \(parts[0]): \(error.message)")
            }
        }
        return plans
    }

    static func pairs(_ values: [String], _ option: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for value in values {
            let parts = value.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { throw ValidationError("\(option) takes TYPE=VALUE, not '\(value)'") }
            result[String(parts[0])] = String(parts[1])
        }
        return result
    }
}
