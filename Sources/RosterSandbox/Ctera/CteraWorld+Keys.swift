import CteraXML
import Foundation

/// S3 keys (`getApiKeys`, `createApiKey`, `deleteApiKey`, addressed by user uid and key uid) and
/// the background task of `updateAccounts`.
extension CteraWorld {
    /// How many status reads a task stays `running` before it ends.
    static let runningPolls = 1

    func keyObject(_ key: CteraState.APIKey, withSecret: Bool) -> CteraValue {
        var object = CteraObject("ApiKeyInfo", ["uid": .int(key.uid), "accessKey": .text(key.accessKey)])
        // The secret's field name is not known from the SDK (reference, "Uncertain" 2); it is shown
        // only in the answer to createApiKey.
        if withSecret { object["secretKey"] = .text(key.secretKey) }
        object["creationDate"] = .text(key.created)
        object["enabled"] = .bool(true)
        return .object(object)
    }

    func apiKeys(_ param: CteraValue, portal: Int) -> EmulatorResponse {
        guard let uid = param.int else { return CteraWire.error(400, "getApiKeys takes a user uid") }
        guard let address = state.find(portal: portal, uid: uid) else { return CteraWire.notFound }
        return CteraWire.value(.list(state[address].keys.map { keyObject($0, withSecret: false) }))
    }

    mutating func createAPIKey(_ param: CteraValue, portal: Int) -> EmulatorResponse {
        guard let uid = param.int else { return CteraWire.error(400, "createApiKey takes a user uid") }
        guard let address = state.find(portal: portal, uid: uid) else { return CteraWire.notFound }
        let key = CteraState.APIKey(uid: state.nextKeyUid, accessKey: Self.random(20, from: "0123456789ABCDEF"),
                                    secretKey: Self.random(40, from: Self.secretAlphabet), created: Self.now())
        state.nextKeyUid += 1
        state[address].keys.append(key)
        return CteraWire.value(keyObject(key, withSecret: true))
    }

    mutating func deleteAPIKey(_ param: CteraValue, portal: Int) -> EmulatorResponse {
        guard let keyUid = param.int else { return CteraWire.error(400, "deleteApiKey takes a key uid") }
        for (p, portalState) in state.portals.enumerated() where p == portal {
            let addresses = portalState.users.indices.map { UserAddress(portal: p, domain: nil, index: $0) }
                + portalState.domains.indices.flatMap { d in
                    portalState.domains[d].users.indices.map { UserAddress(portal: p, domain: d, index: $0) }
                }
            for address in addresses {
                if let i = state[address].keys.firstIndex(where: { $0.uid == keyUid }) {
                    state[address].keys.remove(at: i)
                    return CteraWire.empty()
                }
            }
        }
        return CteraWire.notFound
    }

    /// Starts "Apply Provisioning Changes"; answers its reference `servers/MainDB/bgTasks/{id}`.
    mutating func updateAccounts(_ param: CteraValue, portal: Int) -> EmulatorResponse {
        guard param.object?.string("type") == "users" else { return CteraWire.error(400, "updateAccounts needs type users") }
        let task = CteraState.BackgroundTask(id: state.nextTaskId, portalUid: state.portals[portal].uid, polls: 0,
                                             outcome: state.taskOutcome)
        state.nextTaskId += 1
        state.tasks.append(task)
        return CteraWire.value(.text("servers/MainDB/bgTasks/\(task.id)"))
    }

    /// A task's state: `running` for the first reads, then its outcome.
    mutating func taskStatus(_ id: Int?, portal: Int) -> EmulatorResponse {
        guard let id, let i = state.tasks.firstIndex(where: { $0.id == id }) else { return CteraWire.notFound }
        state.tasks[i].polls += 1
        let task = state.tasks[i]
        let done = task.polls > Self.runningPolls
        let status = done ? task.outcome : "running"
        return CteraWire.value(.object(CteraObject("BgTaskInfo", [
            "id": .int(task.id), "name": .text("Apply Provisioning Changes"), "startTime": .text("2025-01-01T10:00:00"),
            "elapsedTime": .int(task.polls), "status": .text(status), "percentage": .int(done ? 100 : 50),
            "endTime": done ? .text("2025-01-01T10:00:0\(min(task.polls, 9))") : .null,
            "result": task.outcome == "failed" && done ? .text("Provisioning failed") : .null,
            "progstring": .text(done ? "Done" : "Running"), "portalUid": .int(task.portalUid),
        ])))
    }

    static let secretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

    static func random(_ count: Int, from alphabet: String) -> String {
        let characters = Array(alphabet)
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in characters[Int.random(in: 0..<characters.count, using: &generator)] })
    }

    static func now() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        return formatter.string(from: Date())
    }
}
