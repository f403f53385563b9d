"""The sandbox's state: one JSON file, read and written whole under an exclusive lock, replaced
atomically, so that roster, ``roster sandbox`` users and tests can share it."""

import contextlib
import fcntl
import json
import os

from . import _faults
from .exception import PLDBIOError


class StateFile:
    def __init__(self, path):
        self.path = path

    @contextlib.contextmanager
    def locked(self, write=False):
        """Yields the state; when ``write``, saves what the block left in it."""
        _faults.before(self.path, write)
        with open(self.path + ".lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX if write else fcntl.LOCK_SH)
            try:
                with open(self.path, encoding="utf-8") as f:
                    state = json.load(f)
            except (OSError, ValueError) as error:
                raise PLDBIOError("cannot read the sandbox state %s: %s" % (self.path, error)) from None
            yield state
            if write:
                temporary = self.path + ".tmp"
                with open(temporary, "w", encoding="utf-8") as f:
                    json.dump(state, f, indent=2, sort_keys=True)
                    f.write("\n")
                os.replace(temporary, self.path)
        _faults.after(self.path, write)
