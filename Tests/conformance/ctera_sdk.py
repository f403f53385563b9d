"""Drives the vendor's cterasdk (GlobalAdmin) against roster's CTERA Portal emulator.

Usage: ctera_sdk.py HOST PORT
The emulator must serve HTTPS on PORT (the SDK ignores the port with https=False); certificate
verification is switched off, as the SDK allows. Prints one line per check and "N passed, N failed".
Covers every users and S3-credential call of the SDK's user documentation, plus apply_changes
with and without wait, in a team portal and in Global Administration.
"""
import datetime
import logging
import sys

import cterasdk
from cterasdk import GlobalAdmin, core_enum, core_types
from cterasdk.exceptions import CTERAException, ObjectNotFoundException
from cterasdk.exceptions.auth import AuthenticationError
from cterasdk.exceptions.transport import Conflict, NotFound

logging.disable(logging.CRITICAL)
cterasdk.settings.core.syn.settings.connector.ssl = False

host, port = sys.argv[1], int(sys.argv[2])
results = {"passed": 0, "failed": 0}


def check(name, body):
    try:
        body()
        results["passed"] += 1
        print(f"ok    {name}")
    except Exception as error:  # noqa: BLE001 - any failure is a failed check
        results["failed"] += 1
        print(f"FAIL  {name}: {type(error).__name__}: {error}")


def expect(condition, what):
    if not condition:
        raise AssertionError(what)


def raises(kind, body):
    try:
        body()
    except kind:
        return
    raise AssertionError(f"expected {kind.__name__}")


admin = GlobalAdmin(host, port, https=True)
local = core_types.UserAccount
check("login with a wrong password is refused", lambda: raises(AuthenticationError, lambda: admin.login("admin", "wrong")))
check("login", lambda: admin.login("admin", "sandbox-admin"))
check("browse tenant acme", lambda: admin.portals.browse("acme"))


def add_users():
    admin.users.add("alice", "alice@example.com", "Alice", "Liddell", "Pa55w0rd!", core_enum.Role.EndUser,
                    "ACME", "first", password_change=True)
    admin.users.add("bob", "bob@example.com", "Bob", "Builder", "Pa55w0rd!", core_enum.Role.ReadOnlyAdmin,
                    password_change=30)
    admin.users.add("olga", "olga@example.com", "Olga", "Officer", "Pa55w0rd!", core_enum.Role.ComplianceOfficer,
                    password_change=datetime.date(2030, 1, 2))


check("users.add (password_change True, days, date; compliance role)", add_users)
check("users.add duplicate is a Conflict", lambda: raises(Conflict, lambda: admin.users.add(
    "alice", "alice@example.com", "Alice", "Liddell", "Pa55w0rd!", core_enum.Role.EndUser)))


def get_users():
    expect(admin.users.get(local("alice")).name == "alice", "default include")
    user = admin.users.get(local("alice"), include=["email", "role", "uid"])
    expect(user.email == "alice@example.com" and user.role == "EndUser" and isinstance(user.uid, int), str(user))
    expect(admin.users.get(local("olga"), include=["role"]).role == "ComplianceOffer", "compliance role on the wire")
    dave = admin.users.get(local("dave", "demo.local"), include=["email"])
    expect(dave.email == "dave@demo.local", "domain user")


check("users.get (local, include, domain)", get_users)
check("users.get of a missing user", lambda: raises(ObjectNotFoundException, lambda: admin.users.get(local("nobody"))))


def list_users():
    for i in range(50):
        admin.users.add(f"user{i:02d}", f"user{i:02d}@example.com", "User", f"N{i}", "Pa55w0rd!", core_enum.Role.EndUser)
    names = [u.name for u in admin.users.list_local_users()]
    expect(len(names) == len(set(names)) and {"alice", "bob", "user49", "carol"} <= set(names), str(len(names)))
    filtered = list(admin.users.list_local_users(include=["email", "role"],
                                                 filters=[cterasdk.query.FilterBuilder("name").eq("alice")]))
    expect([u.email for u in filtered] == ["alice@example.com"], str(filtered))
    domain = sorted(u.name for u in admin.users.list_domain_users("demo.local", include=["email"]))
    expect(domain == ["dave", "erin", "frank"], str(domain))


check("users.list_local_users (two pages, filter) and list_domain_users", list_users)


def modify():
    admin.users.modify("bob", new_username="robert", email="robert@example.com", password="N3wPass!!",
                       role=core_enum.Role.ReadWriteAdmin, comment="")
    robert = admin.users.get(local("robert"), include=["email", "role", "comment", "firstName"])
    expect(robert.email == "robert@example.com" and robert.role == "ReadWriteAdmin", str(robert))
    expect(robert.comment == "" and robert.firstName == "Bob", str(robert))
    raises(ObjectNotFoundException, lambda: admin.users.get(local("bob")))


check("users.modify (rename, role, password, empty comment)", modify)
check("users.modify of a missing user", lambda: raises(CTERAException, lambda: admin.users.modify("ghost", email="g@x.y")))


def s3_keys():
    first = admin.users.credentials.s3.create(local("alice"))
    second = admin.users.credentials.s3.create(local("alice"))
    expect(first.accessKey != second.accessKey and first.secretKey, "two keys with secrets")
    keys = admin.users.credentials.s3.all(local("alice"))
    expect(sorted(k.accessKey for k in keys) == sorted([first.accessKey, second.accessKey]), str(keys))
    expect(all(getattr(k, "secretKey", None) is None for k in keys), "listing shows no secret")
    admin.users.credentials.s3.delete(first.accessKey, local("alice"))
    expect([k.accessKey for k in admin.users.credentials.s3.all(local("alice"))] == [second.accessKey], "deleted")
    expect(admin.users.credentials.s3.delete("NOSUCHKEY", local("alice")) is None, "unknown key")
    dave = admin.users.credentials.s3.create(local("dave", "demo.local"))
    expect(dave.accessKey, "domain user's key")


check("credentials.s3 create, all, delete (local and domain user)", s3_keys)


def delete_users():
    admin.users.delete(local("robert"))
    admin.users.delete(local("erin", "demo.local"))
    raises(ObjectNotFoundException, lambda: admin.users.get(local("robert")))
    raises(NotFound, lambda: admin.users.delete(local("ghost")))


check("users.delete (local, domain, missing)", delete_users)
check("users.apply_changes (no wait)", lambda: expect(admin.users.apply_changes() is not None, "awaitable task"))


def apply_wait():
    task = admin.users.apply_changes(wait=True)
    expect(task.status == "completed", str(task))


check("users.apply_changes (wait) in a team portal", apply_wait)
check("browse Global Administration", lambda: admin.portals.browse_global_admin())
check("users.apply_changes (wait) in Global Administration", apply_wait)
check("logout", lambda: admin.logout())
check("login again", lambda: admin.login("admin", "sandbox-admin"))
check("logout again", lambda: admin.logout())

print(f"{results['passed']} passed, {results['failed']} failed")
sys.exit(1 if results["failed"] else 0)
