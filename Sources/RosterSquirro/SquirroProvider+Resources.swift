import RosterCore
import RosterYAML

extension SquirroProvider {
    static let resourceKeys = ["groups", "projects", "workspaces"]

    /// `groups` (a list of names, or names to `{members: [EMAIL]}`), `projects` (id to
    /// `{members: {"group:NAME" | EMAIL: ROLE}}`) and `workspaces` (domain to `{title}`).
    public func resolve(resources: YAMLNode, backend: BackendConfig, into state: inout DesiredState,
                        reader: ValueReader) {
        resources.forEachEntry("resources of '\(backend.name)'", reader.bag) { key, value, entry in
            switch key {
            case "groups": resolveGroups(value, into: &state, reader: reader)
            case "projects": resolveProjects(value, into: &state, reader: reader)
            case "workspaces": resolveWorkspaces(value, backend: backend, into: &state, reader: reader)
            default:
                reader.bag.unknownKey(key, in: "resources of '\(backend.name)' (type squirro)", at: entry.key.location,
                                      known: Self.resourceKeys)
            }
        }
    }

    private func resolveGroups(_ node: YAMLNode, into state: inout DesiredState, reader: ValueReader) {
        if node.kind == .sequence {
            for item in node.items {
                guard let name = reader.string(item, "groups") else { continue }
                state.add(Resource(state.id(Kind.group, name), location: item.location), bag: reader.bag)
            }
            return
        }
        node.forEachEntry("groups", reader.bag) { name, group, entry in
            var resource = Resource(state.id(Kind.group, name), location: entry.key.location)
            // A previous name renames the live group in place (`update_group`), members kept.
            if let previous = group["previous_names"] {
                resource.previousKeys = (reader.stringList(previous, "previous_names") ?? []).filter { $0 != name }.map { [$0] }
            }
            state.add(resource, bag: reader.bag)
            group.forEachEntry("group '\(name)'", reader.bag) { field, value, fieldEntry in
                if field == "previous_names" { return }
                guard field == "members" else {
                    reader.bag.unknownKey(field, in: "group '\(name)'", at: fieldEntry.key.location,
                                          known: ["members", "previous_names"])
                    return
                }
                // Members listed here are added; a person's `groups:` is what removes them.
                for email in Set((reader.stringList(value, "members") ?? []).map { $0.lowercased() }).sorted() {
                    state.add(Resource(state.id(Kind.groupMember, email, name), location: value.location), bag: reader.bag)
                }
            }
        }
    }

    private func resolveProjects(_ node: YAMLNode, into state: inout DesiredState, reader: ValueReader) {
        node.forEachEntry("projects", reader.bag) { project, body, _ in
            body.forEachEntry("project '\(project)'", reader.bag) { field, value, fieldEntry in
                guard field == "members" else {
                    reader.bag.unknownKey(field, in: "project '\(project)'", at: fieldEntry.key.location, known: ["members"])
                    return
                }
                // The project's group members are listed completely; user members are added, and
                // removed through the person.
                state.claim(Kind.projectGroup, under: [project])
                for (member, (role, location)) in Self.roleMap(value, "members", ProjectRole.self, reader)
                    .sorted(by: { $0.key < $1.key }) {
                    let id = member.hasPrefix("group:")
                        ? state.id(Kind.projectGroup, project, String(member.dropFirst(6)))
                        : state.id(Kind.projectUser, (member.hasPrefix("user:") ? String(member.dropFirst(5)) : member).lowercased(), project)
                    state.add(Resource(id, ["role": .string(role)], location: location), bag: reader.bag)
                }
            }
        }
    }

    private func resolveWorkspaces(_ node: YAMLNode, backend: BackendConfig, into state: inout DesiredState,
                                   reader: ValueReader) {
        let tenant = (backend.settings as? Settings)?.tenant
        node.forEachEntry("workspaces", reader.bag) { domain, body, entry in
            if domain == tenant {
                reader.bag.error("'\(domain)' is the tenant of '\(backend.name)' itself, not a workspace roster manages",
                                 at: entry.key.location)
                return
            }
            var attributes: Attributes = [:]
            body.forEachEntry("workspace '\(domain)'", reader.bag) { field, value, fieldEntry in
                guard field == "title" else {
                    reader.bag.unknownKey(field, in: "workspace '\(domain)'", at: fieldEntry.key.location, known: ["title"])
                    return
                }
                attributes["title"] = reader.string(value, "title").map(Value.string)
            }
            state.add(Resource(state.id(Kind.workspace, domain), attributes, location: entry.key.location), bag: reader.bag)
        }
    }
}
