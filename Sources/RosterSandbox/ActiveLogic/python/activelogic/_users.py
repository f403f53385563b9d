"""The Users resource, with the documented calls, argument types, errors and messages.

Where the vendor's documentation is silent, the sandbox chooses, and says so here:
* ids ascend from 1, and ``admin`` is user 1 (the built-in account ``remove_user`` refuses);
* names are unique and case-sensitive;
* masks are ints (``bool`` is refused) within a signed 64-bit range, else TypeError / ValueError;
* a host is an address or a CIDR network (``ipaddress.ip_network(strict=False)``), else ValueError;
* ``authenticate`` also checks the address against the user's hosts when there are any;
* adding a key the user has, or removing one they lack, raises PLDBError;
* a wrong ``current_password`` in ``change_user_password`` raises PLDBError("Login Failed").
"""

import ipaddress

from ._types import User, UserPubKey
from .exception import PLDBError

USER_TYPE = "The user parameter must of type int or str or an instance of User"
NO_USER = "The user specified does not exist on the system."
BAD_HOST = "Host is not in a valid format"
KEY_TYPE = "The key must of type str or an instance of UserPubKey"
ADMIN_ID = 1
MASK_MIN, MASK_MAX = -(2 ** 63), 2 ** 63 - 1


class Users:
    """This is the resource that gives the ability to manage users on an ActiveLogic system."""

    def __init__(self, connection):
        self._connection = connection
        self._state = connection._state

    async def list(self, cls, **kwargs):
        with self._state.locked() as state:
            if cls is User:
                return [User._from_state(r) for r in state["users"]]
            if cls is UserPubKey:
                if "user" not in kwargs:
                    raise TypeError("list() of UserPubKey needs the keyword argument 'user'")
                record = _find(state, kwargs["user"])
                return [UserPubKey(record["name"], k) for k in record["keys"]]
        raise TypeError("Users cannot list %r" % (cls,))

    async def add_user(self, name, password, readbm=0, writebm=0, lviewbm=0, timeout=0, hosts=None):
        _check_str(name, "name")
        _check_str(password, "password")
        masks = {"readbm": readbm, "writebm": writebm, "lviewbm": lviewbm}
        for field, value in masks.items():
            _check_mask(value, field)
        _check_timeout(timeout)
        hosts = _check_hosts(hosts)
        with self._state.locked(write=True) as state:
            if any(r["name"] == name for r in state["users"]):
                raise PLDBError("A User with the given name already exists")
            record = dict(id=state["next_id"], name=name, password=password, timeout=timeout, hosts=hosts, keys=[],
                          **masks)
            state["next_id"] += 1
            state["users"].append(record)
            return User._from_state(record)

    async def update_user(self, user, name=None, password=None, readbm=None, writebm=None, lviewbm=None,
                          timeout=None, hosts=None):
        _check_user_type(user)
        if name is not None:
            _check_str(name, "name")
        if password is not None:
            _check_str(password, "password")
        masks = {"readbm": readbm, "writebm": writebm, "lviewbm": lviewbm}
        for field, value in masks.items():
            if value is not None:
                _check_mask(value, field)
        if timeout is not None:
            _check_timeout(timeout)
        if hosts is not None:
            hosts = _check_hosts(hosts)
        with self._state.locked(write=True) as state:
            record = _find(state, user)
            if name is not None and name != record["name"]:
                if any(r["name"] == name for r in state["users"]):
                    raise PLDBError("A User with the given name already exists")
                record["name"] = name
            for field, value in dict(masks, password=password, timeout=timeout, hosts=hosts).items():
                if value is not None:
                    record[field] = value
            return User._from_state(record)

    async def remove_user(self, user):
        _check_user_type(user)
        with self._state.locked(write=True) as state:
            record = _find(state, user)
            if record["id"] == ADMIN_ID:
                raise PLDBError("Cannot remove admin user")
            state["users"].remove(record)

    async def change_user_password(self, user, current_password, new_password):
        _check_user_type(user)
        with self._state.locked(write=True) as state:
            record = _find(state, user)
            session = _find(state, self._connection._username)
            if session["password"] != current_password:
                raise PLDBError("Login Failed")
            _check_str(new_password, "new_password")
            record["password"] = new_password

    async def add_pub_key(self, user, key):
        _check_user_type(user)
        key = _key_text(key)
        with self._state.locked(write=True) as state:
            record = _find(state, user)
            if key in record["keys"]:
                raise PLDBError("The public key already exists for the user")
            record["keys"].append(key)

    async def remove_pub_key(self, user, key):
        _check_user_type(user)
        key = _key_text(key)
        with self._state.locked(write=True) as state:
            record = _find(state, user)
            if key not in record["keys"]:
                raise PLDBError("The public key does not exist for the user")
            record["keys"].remove(key)

    async def authenticate(self, username, password, ip_address):
        with self._state.locked() as state:
            record = next((r for r in state["users"] if r["name"] == username), None)
            if record is None or record["password"] != password or not _allowed(record["hosts"], ip_address):
                raise PLDBError("Login Failed")
            return (record["lviewbm"], record["readbm"], record["writebm"])


def _check_user_type(user):
    if isinstance(user, bool) or not isinstance(user, (int, str, User)):
        raise TypeError(USER_TYPE)


# The records of the last users list searched, by id and by name: a state read once and searched
# for every user (listing each user's keys) is indexed once. Holding the list keeps it the same one.
_index = (None, {}, {})


def _find(state, user):
    global _index
    _check_user_type(user)
    if isinstance(user, User):
        user = user.id
    users = state["users"]
    if _index[0] is not users or len(_index[1]) != len(users):
        by_id, by_name = {}, {}
        for record in users:
            by_id.setdefault(record["id"], record)
            by_name.setdefault(record["name"], record)
        _index = (users, by_id, by_name)
    record = (_index[1] if isinstance(user, int) else _index[2]).get(user)
    if record is None:
        raise ValueError(NO_USER)
    return record


def _check_str(value, field):
    if not isinstance(value, str):
        raise TypeError("%s must be of type str" % field)


def _check_mask(value, field):
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("%s must be of type int" % field)
    if not MASK_MIN <= value <= MASK_MAX:
        raise ValueError("%s does not fit in a signed 64-bit integer" % field)


def _check_timeout(value):
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("timeout must be of type int")
    if value < 0:
        raise ValueError("timeout must not be negative")


def _check_hosts(hosts):
    if hosts is None:
        return []
    if not isinstance(hosts, (list, tuple)):
        raise TypeError("hosts must be of type list")
    for host in hosts:
        try:
            ipaddress.ip_network(host, strict=False)
        except (TypeError, ValueError):
            raise ValueError(BAD_HOST) from None
    return list(hosts)


def _key_text(key):
    if isinstance(key, UserPubKey):
        return key.key
    if not isinstance(key, str):
        raise TypeError(KEY_TYPE)
    return key


def _allowed(hosts, ip_address):
    if not hosts:
        return True
    try:
        address = ipaddress.ip_address(ip_address)
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(h, strict=False) for h in hosts)
