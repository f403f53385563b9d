import RosterCore
import RosterYAML
import Testing

/// The diff built from values only (desired and live objects written here), each test from a rule
/// of the lifecycle contract (LIFECYCLE.md, docs/lifecycle.md), asserting the exact changes.
@Suite struct DifferValueTests {
    typealias V = Values
    static let pw = Value.secret(Secret("pw-1"))

    /// Omission: a new object gets the server's defaults, and the plan shows them on the create.
    @Test func aCreateCarriesWhatIsWrittenAndShowsTheDefaults() {
        let desired = V.desired { state, bag in
            state.add(Resource(V.id("user", "ann"), ["email": "ann@x", "password": Self.pw], owner: "ann",
                               location: V.place(4)), bag: bag)
        }
        #expect(V.diff(desired, []) == [
            Change(.create, V.id("user", "ann"), after: ["email": "ann@x", "password": Self.pw, "shell": "/bin/sh"],
                   owner: "ann", location: V.place(4)),
        ])
    }

    /// Omission: an attribute the config does not write is not managed; a read-only one is never sent.
    @Test func anUpdateChangesOnlyWrittenAttributesThatDiffer() {
        let desired = V.desired { state, bag in
            state.add(Resource(V.id("user", "ann"), ["email": "new@x", "uid": 9], owner: "ann", location: V.place(2)), bag: bag)
            state.add(Resource(V.id("user", "bob"), ["email": "bob@x"], owner: "bob"), bag: bag)
        }
        let annLive: Attributes = ["email": "old@x", "shell": "/bin/zsh", "uid": 7, "roles": .list(["a"])]
        let live = [Resource(V.id("user", "ann"), annLive), Resource(V.id("user", "bob"), ["email": "bob@x", "shell": "/bin/zsh"])]
        #expect(V.diff(desired, live) == [
            Change(.update, V.id("user", "ann"), before: annLive, after: ["email": "new@x"], owner: "ann", location: V.place(2)),
        ])
    }

    /// A write-only password is sent on create only, on every apply with `always`, and with `verify`
    /// when the system refuses it.
    @Test func aPasswordIsSentAsPasswordUpdateSays() {
        let desired = V.desired { state, bag in
            for (name, update) in [("ann", PasswordUpdate.onCreate), ("bob", .always), ("cid", .verify), ("dan", .verify)] {
                state.add(Resource(V.id("user", name), ["password": Self.pw], owner: name, passwordUpdate: update), bag: bag)
            }
        }
        let live = ["ann", "bob", "cid", "dan"].map { Resource(V.id("user", $0), ["email": .string("\($0)@x")]) }
        let changes = V.diff(desired, live, mismatches: [V.id("user", "cid"), V.id("user", "ann")])
        #expect(changes == [
            Change(.update, V.id("user", "bob"), before: ["email": "bob@x"], after: ["password": Self.pw], owner: "bob"),
            Change(.update, V.id("user", "cid"), before: ["email": "cid@x"], after: ["password": Self.pw], owner: "cid"),
        ])
    }

    /// A list that is written is complete; an empty list is "none"; an absent list is "not managed".
    @Test func aWrittenListIsCompleteAndAnAbsentOneIsNotManaged() {
        let desired = V.desired { state, bag in
            state.add(Resource(V.id("user", "ann"), ["roles": .list(["a", "b"])]), bag: bag)
            state.add(Resource(V.id("user", "bob"), ["roles": .list([])]), bag: bag)
            state.add(Resource(V.id("user", "cid"), ["email": "cid@x"]), bag: bag)
            state.add(Resource(V.id("user", "dan"), ["roles": .list(["a"])]), bag: bag)
        }
        let live = [Resource(V.id("user", "ann"), ["roles": .list(["a", "c"])]), Resource(V.id("user", "bob"), ["roles": .list(["a"])]),
                    Resource(V.id("user", "cid"), ["email": "cid@x", "roles": .list(["a"])]),
                    Resource(V.id("user", "dan"), ["roles": .list(["a"])])]
        #expect(V.diff(desired, live) == [
            Change(.update, V.id("user", "ann"), before: ["roles": .list(["a", "c"])], after: ["roles": .list(["a", "b"])]),
            Change(.update, V.id("user", "bob"), before: ["roles": .list(["a"])], after: ["roles": .list([])]),
        ])
    }

    /// Children the config lists completely (a claimed scope): one the config lacks is removed, as
    /// the holder's change; children of an unclaimed parent are left alone.
    @Test func aClaimedScopeRemovesUnlistedChildrenOnly() {
        let desired = V.desired { state, bag in
            state.add(Resource(V.id("user", "ann"), owner: "ann", location: V.place(2)), bag: bag)
            state.add(Resource(V.id("user", "bob"), owner: "bob", location: V.place(8)), bag: bag)
            state.claim("val.role", under: ["ann"])
            state.add(Resource(V.id("role", "ann", "admin"), owner: "ann", location: V.place(3)), bag: bag)
            state.add(Resource(V.id("role", "ann", "new"), owner: "ann", location: V.place(4)), bag: bag)
        }
        let live = [Resource(V.id("user", "ann")), Resource(V.id("user", "bob")), Resource(V.id("role", "ann", "admin")),
                    Resource(V.id("role", "ann", "old"), ["since": 2020]), Resource(V.id("role", "bob", "x"))]
        #expect(V.diff(desired, live) == [
            Change(.create, V.id("role", "ann", "new"), after: [:], owner: "ann", location: V.place(4)),
            Change(.delete, V.id("role", "ann", "old"), before: ["since": 2020], reason: .notInConfig, owner: "ann",
                   location: V.place(2)),
        ])
    }

    /// `state: absent`: the account goes, with the children the server does not remove with it.
    @Test func anAbsentPersonLosesTheAccountAndTheChildrenThatMustGoFirst() {
        let desired = V.desired { state, bag in
            state.add(Resource(V.id("user", "ann"), owner: "ann"), bag: bag)
            state.addAbsent(Resource(V.id("user", "carl"), owner: "carl", location: V.place(9)), bag: bag)
        }
        let live = [Resource(V.id("user", "ann")), Resource(V.id("user", "carl"), ["email": "carl@x"]),
                    Resource(V.id("group", "ops")), Resource(V.id("membership", "ops", "carl")),
                    Resource(V.id("membership", "ops", "ann")), Resource(V.id("role", "carl", "admin"))]
        #expect(V.diff(desired, live) == [
            Change(.delete, V.id("membership", "ops", "carl"), before: [:], reason: .parentDeleted, owner: "carl"),
            Change(.delete, V.id("user", "carl"), before: ["email": "carl@x"], reason: .stateAbsent, owner: "carl",
                   location: V.place(9)),
        ])
    }

    /// `prune: none` removes only what `state: absent` names; `prune: all` removes what the file
    /// lacks, minus `protect` and what the system never lets go.
    @Test func pruneModesProtectAndPermanentObjects() {
        let desired = V.desired { state, bag in
            state.add(Resource(V.id("user", "ann")), bag: bag)
        }
        let live = [Resource(V.id("user", "ann")), Resource(V.id("user", "stray"), ["email": "s@x"]),
                    Resource(V.id("user", "admin1")), Resource(V.id("user", "root")), Resource(V.id("group", "g"))]
        #expect(V.diff(desired, live, prune: .none).isEmpty)
        #expect(V.diff(desired, live, prune: .all, protect: ["admin*"]) == [
            Change(.delete, V.id("group", "g"), before: [:], reason: .pruned),
            Change(.delete, V.id("user", "stray"), before: ["email": "s@x"], reason: .pruned),
        ])
        let absentRoot = V.desired { state, bag in
            state.addAbsent(Resource(V.id("user", "root"), owner: "root"), bag: bag)
        }
        #expect(V.diff(absentRoot, live, prune: .all, protect: ["*"]).isEmpty)
        #expect(V.diff(absentRoot, [Resource(V.id("user", "root"))], prune: .none).isEmpty)
    }

    /// A disabled person's kept account is never pruned, changed or created, whatever `prune` says.
    @Test func aKeptAccountIsNeitherPrunedNorChangedNorCreated() {
        let desired = V.desired { state, bag in
            state.keep(Resource(V.id("user", "dave"), ["email": "new@x"], owner: "dave"), bag: bag)
            state.keep(Resource(V.id("user", "frank"), owner: "frank"), bag: bag)
            state.add(Resource(V.id("group", "ops")), bag: bag)
        }
        let live = [Resource(V.id("user", "dave"), ["email": "old@x"]), Resource(V.id("user", "erin")),
                    Resource(V.id("group", "ops")), Resource(V.id("membership", "ops", "dave"))]
        #expect(V.diff(desired, live, prune: .all) == [
            Change(.delete, V.id("user", "erin"), before: [:], reason: .pruned),
        ])
    }

    /// Disabling where the vendor has no flag: the lock is one update that never sends the declared
    /// password, and what the lock removes (keys) goes as the disabled person's.
    @Test func lockingSendsNoPasswordAndRemovesKeysAsDisabled() {
        let locked = Value.string(Lockout.SignIn.locked)
        var desired = V.desired { state, bag in
            state.add(Resource(V.id("account", "acc"), ["mask": 0, "password": Self.pw, "sign_in": locked], owner: "ann",
                               location: V.place(5), passwordUpdate: .always), bag: bag)
            state.claim("val.key", under: ["acc"])
        }
        desired.disabledOwners = ["ann"]
        let open: Attributes = ["mask": 5, "sign_in": .string(Lockout.SignIn.password)]
        let live = [Resource(V.id("account", "acc"), open), Resource(V.id("key", "acc", "k1"))]
        #expect(V.diff(desired, live) == [
            Change(.update, V.id("account", "acc"), before: open, after: ["mask": 0, "sign_in": locked], owner: "ann",
                   location: V.place(5)),
            Change(.delete, V.id("key", "acc", "k1"), before: [:], reason: .stateDisabled, owner: "ann", location: V.place(5)),
        ])
    }

    /// Re-enabling restores what the file declares, the password included whatever `password_update` says.
    @Test func unlockingSendsTheDeclaredPassword() {
        let open = Value.string(Lockout.SignIn.password)
        let desired = V.desired { state, bag in
            state.add(Resource(V.id("account", "acc"), ["mask": 3, "password": Self.pw, "sign_in": open], owner: "ann"), bag: bag)
        }
        let before: Attributes = ["mask": 0, "sign_in": .string(Lockout.SignIn.locked)]
        #expect(V.diff(desired, [Resource(V.id("account", "acc"), before)]) == [
            Change(.update, V.id("account", "acc"), before: before, after: ["mask": 3, "password": Self.pw, "sign_in": open],
                   owner: "ann"),
        ])
    }

    /// A rename is one update of the live object (its key fields old → new); its children follow it
    /// and are compared under the new key: never a delete plus a create.
    @Test func aPreviousKeyRenamesTheLiveObjectAndItsChildrenFollow() {
        let desired = V.desired { state, bag in
            var user = Resource(V.id("user", "ann2"), ["email": "a@x"], owner: "ann", location: V.place(2))
            user.previousKeys = [["gone"], ["ann"]]
            state.add(user, bag: bag)
            state.claim("val.role", under: ["ann2"])
            state.add(Resource(V.id("role", "ann2", "admin"), owner: "ann"), bag: bag)
        }
        let live = [Resource(V.id("user", "ann"), ["email": "a@x", "uid": 7]), Resource(V.id("role", "ann", "admin")),
                    Resource(V.id("role", "ann", "old"))]
        #expect(V.diff(desired, live, prune: .all) == [
            Change(.delete, V.id("role", "ann2", "old"), before: [:], reason: .notInConfig, owner: "ann", location: V.place(2)),
            Change(.update, V.id("user", "ann2"), before: ["email": "a@x", "name": "ann", "uid": 7], after: ["name": "ann2"],
                   owner: "ann", location: V.place(2)),
        ])
    }

    /// A previous key the config still wants (or says must be absent) is no rename: the new object is created.
    @Test func aPreviousKeyStillDeclaredIsNotRenamed() {
        let desired = V.desired { state, bag in
            state.add(Resource(V.id("user", "ann")), bag: bag)
            var user = Resource(V.id("user", "ann2"))
            user.previousKeys = [["ann"]]
            state.add(user, bag: bag)
            var other = Resource(V.id("user", "bob2"))
            other.previousKeys = [["bob"]]
            state.add(other, bag: bag)
            state.addAbsent(Resource(V.id("user", "bob"), owner: "bob"), bag: bag)
        }
        let live = [Resource(V.id("user", "ann")), Resource(V.id("user", "bob"))]
        #expect(V.lines(V.diff(desired, live)) == ["create val.user ann2", "delete val.user bob", "create val.user bob2"])
    }

    /// A kind the server cannot rename: the diff plans no rename, and the refusal is an error at the
    /// object's place that names what the old object holds.
    @Test func aKindWithoutRenameRefusesThePreviousKey() {
        let desired = V.desired { state, bag in
            var login = Resource(V.id("login", "bob2"), owner: "bob", location: V.place(7))
            login.previousKeys = [["bob"]]
            state.add(login, bag: bag)
        }
        let live = [Resource(V.id("login", "bob"))]
        #expect(V.lines(V.diff(desired, live)) == ["create val.login bob2"])
        let refused = Differ(provider: V.provider, backend: V.backend()).refusedRenames(desired: desired, live: LiveState(resources: live))
        #expect(refused.map(\.message) == ["val.login 'bob' cannot be renamed to 'bob2' on 'b': the val API has no rename"])
        #expect(refused.map(\.location) == [V.place(7)])
        #expect(refused.first?.notes.first?.message == "'bob' holds nothing besides the account")
    }

    /// Pure and deterministic: the same inputs in another order give the same changes, sorted by identity.
    @Test func theChangesAreSortedWhateverTheOrderOfTheInputs() {
        let names = ["dan", "ann", "cid", "bob"]
        let forward = V.desired { state, bag in
            for name in names { state.add(Resource(V.id("user", name), ["email": .string("\(name)@x")]), bag: bag) }
        }
        let backward = V.desired { state, bag in
            for name in names.reversed() { state.add(Resource(V.id("user", name), ["email": .string("\(name)@x")]), bag: bag) }
        }
        let live = [Resource(V.id("user", "zed")), Resource(V.id("user", "cid"), ["email": "old@x"])]
        let changes = V.diff(forward, live, prune: .all)
        #expect(V.lines(changes) == ["create val.user ann", "create val.user bob", "update val.user cid", "create val.user dan",
                                     "delete val.user zed"])
        #expect(V.diff(backward, live.reversed(), prune: .all) == changes)
    }
}
