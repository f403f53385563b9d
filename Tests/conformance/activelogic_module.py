"""The sandbox's `activelogic` module against the vendor's documented contract (reference §2).

Usage: PYTHONPATH=<sandbox python dir> python3 activelogic_module.py file:///path/state.json
Prints one line per check and "N passed, N failed"; exits non-zero on failure.
"""
import sys

import activelogic
from activelogic import User, UserPubKey
from activelogic.exception import PLDBError, PLDBIOError

results = []


def check(name, condition):
    results.append(bool(condition))
    print(("ok    " if condition else "FAIL  ") + name)


def raises(name, exception, message, call):
    try:
        call()
    except exception as error:
        check(name, message is None or str(error) == message)
        return
    except Exception as error:  # noqa: BLE001
        check(name + " (raised %s: %s)" % (type(error).__name__, error), False)
        return
    check(name + " (nothing raised)", False)


url = sys.argv[1]
raises("wrong password is PLDBIOError", PLDBIOError, None, lambda: activelogic.sync_connect(url, "admin", "nope"))
conn = activelogic.sync_connect(url, "admin", "sandbox-admin")
us = conn.users()
admin = us.list(User)[0]
check("admin is user 1", admin.id == 1 and admin.name == "admin")
new = us.add_user("new_user", "password", readbm=999, hosts=["10.0.0.0/8", "192.0.2.7"])
check("add_user returns the User", isinstance(new, User) and new.name == "new_user" and new.readbm == 999)
check("repr as documented", repr(new).startswith("User(id=%d, name='new_user', readbm=999, writebm=0" % new.id))
raises("duplicate name", PLDBError, "A User with the given name already exists", lambda: us.add_user("new_user", "x"))
raises("bad host on add", ValueError, "Host is not in a valid format", lambda: us.add_user("h", "x", hosts=["nope"]))
raises("user of a wrong type", TypeError, "The user parameter must of type int or str or an instance of User",
       lambda: us.update_user(1.5, timeout=1))
raises("no such user", ValueError, "The user specified does not exist on the system.",
       lambda: us.update_user("ghost", timeout=1))
raises("bad host on update", ValueError, "Host is not in a valid format", lambda: us.update_user(new, hosts=["x/99"]))
updated = us.update_user(new, timeout=10)
check("update by object keeps the rest", updated.timeout == 10 and updated.readbm == 999)
renamed = us.update_user(new.id, name="renamed_user", writebm=99999)
check("update by id renames", renamed.name == "renamed_user" and renamed.writebm == 99999 and renamed.id == new.id)
us.add_pub_key("renamed_user", "AAAAB3NzaC1yc2EAAAADAQABAAACAQDHPNnxH8BLNZ")
keys = us.list(UserPubKey, user="renamed_user")
check("list(UserPubKey, user=name)", keys == [UserPubKey("renamed_user", "AAAAB3NzaC1yc2EAAAADAQABAAACAQDHPNnxH8BLNZ")])
raises("key of a wrong type", TypeError, "The key must of type str or an instance of UserPubKey",
       lambda: us.add_pub_key("renamed_user", 5))
us.remove_pub_key("renamed_user", keys[0])
check("remove_pub_key with a UserPubKey", us.list(UserPubKey, user=renamed) == [])
check("authenticate order is (lviewbm, readbm, writebm)",
      us.authenticate("renamed_user", "password", "10.1.2.3") == (0, 999, 99999))
raises("authenticate from outside hosts", PLDBError, "Login Failed",
       lambda: us.authenticate("renamed_user", "password", "203.0.113.1"))
raises("authenticate with a wrong password", PLDBError, "Login Failed",
       lambda: us.authenticate("renamed_user", "wrong", "10.1.2.3"))
check("admin has every bit", us.authenticate("admin", "sandbox-admin", "127.0.0.1") == (2 ** 63 - 1,) * 3)
raises("admin cannot be removed", PLDBError, "Cannot remove admin user", lambda: us.remove_user("admin"))
us.remove_user(renamed)
check("remove_user by object", [u.name for u in us.list(User)] == ["admin"])
passed, failed = results.count(True), results.count(False)
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
