"""``User`` and ``UserPubKey``, the data classes of the Users resource."""


class User:
    """Object representing information about a user on an ActiveLogic system."""

    __slots__ = ("id", "name", "readbm", "writebm", "lviewbm", "timeout", "hosts")

    def __init__(self, id, name, readbm=0, writebm=0, lviewbm=0, timeout=0, hosts=None):
        self.id = id
        self.name = name
        self.readbm = readbm
        self.writebm = writebm
        self.lviewbm = lviewbm
        self.timeout = timeout
        self.hosts = list(hosts or [])

    @classmethod
    def _from_state(cls, record):
        return cls(record["id"], record["name"], record["readbm"], record["writebm"], record["lviewbm"],
                   record["timeout"], record["hosts"])

    def __eq__(self, other):
        return isinstance(other, User) and all(getattr(self, f) == getattr(other, f) for f in self.__slots__)

    def __repr__(self):
        return "User(id=%r, name=%r, readbm=%r, writebm=%r, lviewbm=%r, timeout=%r, hosts=%r)" % (
            self.id, self.name, self.readbm, self.writebm, self.lviewbm, self.timeout, self.hosts)


class UserPubKey:
    """A public SSH key of a user: the base64 body of an OpenSSH public key."""

    __slots__ = ("username", "key")

    def __init__(self, username, key):
        self.username = username
        self.key = key

    def __eq__(self, other):
        return isinstance(other, UserPubKey) and (self.username, self.key) == (other.username, other.key)

    def __repr__(self):
        return "UserPubKey(username=%r, key=%r)" % (self.username, self.key)
