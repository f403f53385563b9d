#!/usr/bin/env python3
"""roster's ActiveLogic provider program.

Speaks roster's external-provider protocol (version 1; docs/external-provider.md): one JSON request
a line on stdin, one JSON response a line on stdout. It drives the vendor's Python module
``activelogic`` (``sync_connect(host, user, password)`` and the Users resource). roster checks the
config (masks, hosts, keys) before anything reaches this program; this program maps.
Anything the vendor module prints goes to stderr: stdout carries protocol lines only.
"""

import ipaddress
import json
import os
import secrets
import sys

PROTOCOL = 1
USER, PUBKEY = "activelogic.user", "activelogic.pubkey"
MASKS = ("readbm", "writebm", "lviewbm")
ADMIN = "admin"
# `sign_in` of a user locked by `state: disabled`: a random password this program makes, sends and
# forgets. A user with a mask set is not locked; one with every mask 0 is told by roster checking
# the declared password with `authenticate` (which leaves the user untouched).
OPEN, LOCKED = "password", "random password (not kept)"

KINDS = [
    {"name": USER, "key": ["name"],
     "attributes": [{"name": n, "access": "read_write"} for n in ("name",) + MASKS + ("timeout", "hosts", "sign_in")]
     + [{"name": "password", "access": "write_only", "sensitive": True}],
     "parents": []},
    # Offboarding removes each key before its user, as its own action.
    {"name": PUBKEY, "key": ["user", "key"], "attributes": [],
     "parents": [{"kind": USER, "key": [0], "cascades_on_delete": False}]},
]


class ProviderError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


class ActiveLogicProvider:
    def __init__(self):
        self.users = None
        self.read_only = True
        self.module = None
        # The users as listed by `connect`, for the fetch that follows it (once; a change drops it).
        self.listed = None

    def describe(self, params):
        if PROTOCOL not in params.get("protocol_versions", [PROTOCOL]):
            raise ProviderError("protocol", "this program speaks protocol %d only" % PROTOCOL)
        return {"name": "activelogic", "kinds": KINDS, "capabilities": {"verify_passwords": True, "named_only": True}}

    def connect(self, params):
        try:
            import activelogic
        except ImportError as error:
            raise ProviderError("module-missing", "cannot import the vendor module 'activelogic' (%s); install "
                                "ActiveLogic's Python 3 API for this interpreter (%s)" % (error, sys.executable))
        self.module = activelogic
        settings = params.get("settings", {})
        connection = activelogic.sync_connect(params["url"], settings["username"], settings["password"])
        self.users = connection.users()
        self.read_only = params.get("read_only", True)
        # The list every fetch begins with, made now: roster connects while it loads its config.
        self.listed = self.list_users()
        return {}

    def list_users(self):
        from activelogic import User
        listed = []
        for user in self.session().list(User):
            attributes = {"name": user.name, "readbm": user.readbm, "writebm": user.writebm, "lviewbm": user.lviewbm,
                          "timeout": user.timeout, "hosts": [str(h) for h in user.hosts]}
            if any(getattr(user, mask) for mask in MASKS):
                attributes["sign_in"] = OPEN
            listed.append({"kind": USER, "key": [user.name], "attributes": attributes})
        return listed

    def fetch(self, params):
        from activelogic import UserPubKey
        wanted = {tuple(k) for k in params.get("keys", {}).get(USER, [])}
        absent = {tuple(k) for k in params.get("absent", {}).get(USER, [])}
        # A user's keys cost a call each: skipped when the plan compares no key and deletes no user.
        keys_compared = "kinds" not in params or PUBKEY in params["kinds"]
        listed, self.listed = self.listed, None
        # A pull-request plan compares only the users it names: the others are left out.
        named_only = params.get("named_only") and not params.get("everything")
        resources = []
        for user in listed if listed is not None else self.list_users():
            name = user["key"][0]
            if named_only and (name,) not in wanted and (name,) not in absent:
                continue
            resources.append(user)
            if (keys_compared and (params.get("everything") or (name,) in wanted)) or (name,) in absent:
                for key in self.session().list(UserPubKey, user=name):
                    resources.append({"kind": PUBKEY, "key": [name, key.key], "attributes": {}})
        return {"resources": resources}

    def apply(self, params):
        if self.read_only:
            raise ProviderError("read-only", "the session is read-only")
        change = params["change"]
        self.listed = None
        kind, operation, key = change["kind"], change["operation"], change["key"]
        after = change.get("after") or {}
        users = self.session()
        if kind == USER and operation == "create":
            if after.get("sign_in") == LOCKED:
                after = dict(after, password=random_password())
            if "password" not in after:
                raise ProviderError("no-password", "a new user needs a password")
            users.add_user(key[0], after["password"], **self.user_fields(after))
        elif kind == USER and operation == "update":
            current = (change.get("before") or {}).get("name", key[0])
            fields = self.user_fields(after)
            if after.get("name", current) != current:
                fields["name"] = after["name"]
            if "password" in after:
                fields["password"] = after["password"]
            if after.get("sign_in") == LOCKED:
                fields["password"] = random_password()
            users.update_user(current, **fields)
        elif kind == USER and operation == "delete":
            if key[0] == ADMIN:
                raise ProviderError("refused", "the built-in admin user is never removed")
            users.remove_user(key[0])
        elif kind == PUBKEY and operation == "create":
            users.add_pub_key(key[0], key[1])
        elif kind == PUBKEY and operation == "delete":
            users.remove_pub_key(key[0], key[1])
        else:
            raise ProviderError("unsupported", "cannot %s a %s" % (operation, kind))
        return {"secrets": {}}

    def verify_passwords(self, params):
        from activelogic import User
        hosts = {u.name: list(u.hosts) for u in self.session().list(User)}
        mismatches = []
        for item in params["resources"]:
            name = item["key"][0]
            try:
                self.session().authenticate(name, item["password"], address_within(hosts.get(name, [])))
            except self.module.exception.PLDBError:
                mismatches.append({"kind": item["kind"], "key": item["key"]})
        return {"mismatches": mismatches}

    @staticmethod
    def user_fields(attributes):
        return {k: attributes[k] for k in MASKS + ("timeout", "hosts") if k in attributes}

    def session(self):
        if self.users is None:
            raise ProviderError("not-connected", "'connect' must come first")
        return self.users


def random_password():
    """A password nobody knows: sent once to lock the user out, never returned or written."""
    return secrets.token_urlsafe(32)


def address_within(hosts):
    """An address `authenticate` can be asked about: inside the user's first allowed network
    (its first usable address), or loopback when the user may connect from anywhere."""
    if not hosts:
        return "127.0.0.1"
    network = ipaddress.ip_network(str(hosts[0]), strict=False)
    if network.num_addresses <= 2:
        return str(network.network_address)
    return str(network.network_address + 1)


def main():
    protocol_out = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    provider = ActiveLogicProvider()
    methods = {"describe": provider.describe, "connect": provider.connect, "fetch": provider.fetch,
               "apply": provider.apply, "verify_passwords": provider.verify_passwords}
    for line in sys.stdin:
        if not line.strip():
            continue
        response = {"roster_protocol": PROTOCOL}
        try:
            request = json.loads(line)
            response["id"] = request.get("id")
            method = methods.get(request.get("method"))
            if request.get("roster_protocol") != PROTOCOL:
                raise ProviderError("protocol", "this program speaks protocol %d only" % PROTOCOL)
            if method is None:
                raise ProviderError("unknown-method", "unknown method %r" % request.get("method"))
            response["result"] = method(request.get("params") or {})
        except ProviderError as error:
            response["error"] = {"code": error.code, "message": str(error)}
        except Exception as error:  # the vendor's PLDBError, ValueError, TypeError, ...
            response["error"] = {"code": type(error).__name__, "message": str(error)}
            # A connection lost during a change: it may have been committed. roster reads the
            # object back before sending it again.
            io_error = getattr(getattr(provider.module, "exception", None), "PLDBIOError", None)
            if request.get("method") == "apply" and io_error is not None and isinstance(error, io_error):
                response["error"]["outcome_unknown"] = True
        protocol_out.write(json.dumps(response, sort_keys=True) + "\n")
        protocol_out.flush()


if __name__ == "__main__":
    main()
