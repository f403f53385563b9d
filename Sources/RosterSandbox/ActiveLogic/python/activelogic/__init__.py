"""roster's sandbox of ActiveLogic's Python API (``activelogic``).

NOT the vendor's module: a stand-in with the same documented contract (the Users resource), whose
system is a JSON state file. It is put on PYTHONPATH only for ``url: sandbox`` backends and by
``roster sandbox``; production runs the vendor's module. ``host`` is the state file's
``file://`` URL, or any text when ACTIVELOGIC_SANDBOX_STATE names the file.
"""

import asyncio
import os
from urllib.parse import unquote, urlparse

from . import exception
from ._state import StateFile
from ._types import User, UserPubKey
from ._users import Users
from .exception import (PLDBCapabilityError, PLDBCriticalError, PLDBDetached, PLDBError, PLDBIOError,
                        PLDBNewDataCommitted, PLDBUnsupportedInFirmware, PLDBUnsupportedInHardware)

__all__ = ["async_connect", "sync_connect", "Connection", "User", "UserPubKey", "Users", "exception",
           "PLDBError", "PLDBCriticalError", "PLDBDetached", "PLDBIOError", "PLDBNewDataCommitted",
           "PLDBCapabilityError", "PLDBUnsupportedInFirmware", "PLDBUnsupportedInHardware"]


class Connection:
    """A connection to a (sandboxed) ActiveLogic system."""

    machineid = "001122334455"
    distversion = "22.20.06.1"

    def __init__(self, state, username):
        self._state = state
        self._username = username

    async def users(self):
        return Users(self)

    async def close(self):
        pass

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        await self.close()


async def async_connect(host, username, password):
    state = StateFile(_state_path(host))
    with state.locked() as data:
        if not any(u["name"] == username and u["password"] == password for u in data["users"]):
            raise PLDBIOError("user authorisation failed")
    return Connection(state, username)


def sync_connect(host, username, password):
    """A connection whose coroutines are called like blocking functions."""
    loop = asyncio.new_event_loop()
    return _SyncProxy(loop.run_until_complete(async_connect(host, username, password)), loop)


class _SyncProxy:
    def __init__(self, target, loop):
        self._target = target
        self._loop = loop

    def __getattr__(self, name):
        attribute = getattr(self._target, name)
        if not callable(attribute):
            return attribute

        def call(*args, **kwargs):
            result = attribute(*args, **kwargs)
            if asyncio.iscoroutine(result):
                result = self._loop.run_until_complete(result)
            if isinstance(result, Users):
                return _SyncProxy(result, self._loop)
            return result
        return call

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        return "<sync %r>" % (self._target,)


def _state_path(host):
    if isinstance(host, str) and host.startswith("file://"):
        return unquote(urlparse(host).path)
    path = os.environ.get("ACTIVELOGIC_SANDBOX_STATE")
    if not path:
        raise ConnectionRefusedError("the ActiveLogic sandbox reaches only file:// states; got host %r" % (host,))
    return path
