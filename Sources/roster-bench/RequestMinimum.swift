/// The fewest requests a plan of a bench world can make on each backend's API: signing in, the
/// list pages at the largest page the API allows, and the per-object reads the API has no bulk
/// form of, for the users the plan must compare. The bench's accounts declare no API keys, S3
/// keys, system groups or projects, so no per-object read is needed for those.
enum RequestMinimum {
    static func of(_ backend: String, counts: BenchWorld.Counts) -> Int {
        switch backend {
        case "uyuni":
            // auth.login, user.listUsers, systemgroup.listAllGroups, user.listAssignableRoles (for
            // the plan-time role check), auth.logout; then per user getDetails and listRoles (no
            // bulk form). The accounts declare roles but no system groups, so a user's
            // listAssignedSystemGroups and listDefaultSystemGroups are needed only for each user
            // deleted (its group assignments are removed first, each its own action).
            return 5 + 2 * counts.compared + 2 * counts.deletes
        case "ctera":
            // The SDK's sign-in (login, version, currentPortal, currentSession, the admin role's
            // settings) and logout; users by `query` at 50 a page, the largest countLimit the portal
            // takes, the admin included; then the S3 keys of each user deleted (they go first).
            return 6 + pages(counts.live + 1, size: 50) + counts.deletes
        case "cloud":
            // login; users at 100 a page (the API's largest `limit`), the admin included; a full
            // last page needs one more, empty, to show it is the last. Then the tokens of each user
            // deleted (its API keys and job tokens are revoked first; the token API lists one user's).
            // The accounts declare no platform_ids, so the platform list is not read.
            return 1 + (counts.live + 1) / 100 + 1 + counts.deletes
        case "squirro":
            // The token exchange, the password policy, users, groups and workspaces; then the
            // projects and the grants of each user deleted (its project memberships and grants go
            // first; the user API has no bulk form). The accounts declare no projects, and nobody
            // is disabled, so no other user's projects or grants are needed.
            return 5 + 2 * counts.deletes
        default:
            return 0
        }
    }

    static func pages(_ items: Int, size: Int) -> Int { max(1, (items + size - 1) / size) }
}
