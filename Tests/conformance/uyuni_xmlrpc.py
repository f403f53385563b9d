#!/usr/bin/env python3
"""Checks a Uyuni XML-RPC endpoint with Python's stock xmlrpc.client.

Usage: uyuni_xmlrpc.py ENDPOINT   (e.g. http://127.0.0.1:8080/rpc/api, as `roster sandbox` prints it)

Prints one line per check and exits non-zero if any check failed. It leaves the user
`pyuser1` in place for later tests.
"""
import sys
import xmlrpc.client

ADMIN = ("admin", "sandbox-admin")
NEW_USER = {"login": "pyuser1", "password": "pyuser1-pass", "first": "Py", "last": "User",
            "email": "pyuser1@example.com"}
DETAIL_TYPES = {
    "first_names": str, "first_name": str, "last_name": str, "email": str, "prefix": str,
    "org_id": int, "org_name": str, "last_login_date": str, "created_date": str,
    "enabled": bool, "use_pam": bool, "read_only": bool, "errata_notification": bool,
}

failures = 0
passes = 0


def check(name, condition, detail=""):
    global failures, passes
    if condition:
        passes += 1
    else:
        failures += 1
    print(("ok    " if condition else "FAIL  ") + name + (f" ({detail})" if detail and not condition else ""))


def expect_fault(name, call, code, text):
    try:
        result = call()
    except xmlrpc.client.Fault as fault:
        check(name, fault.faultCode == code and fault.faultString == text,
              f"got {fault.faultCode} {fault.faultString!r}")
        return
    check(name, False, f"no fault, got {result!r}")


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    server = xmlrpc.client.ServerProxy(sys.argv[1])

    key = server.auth.login(*ADMIN)
    check("auth.login returns a session key", isinstance(key, str) and "x" in key, repr(key))

    created = server.user.create(key, NEW_USER["login"], NEW_USER["password"], NEW_USER["first"],
                                 NEW_USER["last"], NEW_USER["email"])
    check("user.create returns 1", created == 1, repr(created))

    added = server.user.addRole(key, NEW_USER["login"], "channel_admin")
    check("user.addRole returns 1", added == 1, repr(added))
    roles = server.user.listRoles(key, NEW_USER["login"])
    check("user.listRoles shows the role", roles == ["channel_admin"], repr(roles))

    users = server.user.listUsers(key)
    logins = [entry.get("login") for entry in users]
    check("user.listUsers sees the new user", NEW_USER["login"] in logins, repr(logins))
    entry = next((u for u in users if u.get("login") == NEW_USER["login"]), {})
    check("user.listUsers entry has id, login, login_uc, enabled",
          list(entry) == ["id", "login", "login_uc", "enabled"] and entry.get("login_uc") == "PYUSER1"
          and entry.get("enabled") is True, repr(entry))

    details = server.user.getDetails(key, NEW_USER["login"])
    check("user.getDetails has every documented member with its type",
          set(details) == set(DETAIL_TYPES)
          and all(isinstance(details[k], t) for k, t in DETAIL_TYPES.items()), repr(details))
    check("user.getDetails values",
          details.get("first_name") == "Py" and details.get("first_names") == "Py"
          and details.get("last_name") == "User" and details.get("email") == NEW_USER["email"]
          and details.get("prefix") == " " and details.get("enabled") is True
          and details.get("use_pam") is False and details.get("read_only") is False
          and details.get("errata_notification") is True and details.get("last_login_date") == "",
          repr(details))

    expect_fault("duplicate login (other case) is refused",
                 lambda: server.user.create(key, "PyUser1", "another-pass", "A", "B", "b@example.com"),
                 -1, "redstone.xmlrpc.XmlRpcFault: unhandled internal exception: "
                     "That username is already taken; please choose another.")
    expect_fault("getDetails of an unknown user",
                 lambda: server.user.getDetails(key, "nobody-here"),
                 -213, "redstone.xmlrpc.XmlRpcFault: No such user")

    check("auth.logout returns 1", server.auth.logout(key) == 1)
    print(f"{passes} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
