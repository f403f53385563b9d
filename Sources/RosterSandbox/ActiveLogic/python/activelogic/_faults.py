"""Injected faults, the module's counterpart of the HTTP emulators' fault plans.

``ACTIVELOGIC_SANDBOX_FAULTS`` holds ``error=0.1,drop=0.05,lost=0.02,latency=20ms`` (roster sets it
from the seed's ``faults:`` block or ``roster sandbox --fault activelogic:...``). They touch changes
only, because the provider program reads without retrying (a failed read fails the whole plan):

- ``latency``: every call waits this long first (reads too);
- ``error``: a change is refused with ``PLDBError`` before it is made (the server's error);
- ``drop``: the connection is lost before the change is made (``PLDBIOError``);
- ``lost``: the change is made and saved, then the connection is lost (``PLDBIOError``), so the
  caller cannot know whether it landed.

429 with Retry-After has no equivalent in the vendor's module, so ``throttle`` is ignored. Each
injected fault is appended, one kind a line, to ``STATE.faults`` next to the state file.
"""

import os
import random
import time

from .exception import PLDBError, PLDBIOError

_random = random.Random()


def plan():
    spec = os.environ.get("ACTIVELOGIC_SANDBOX_FAULTS", "")
    faults = {}
    for item in spec.split(","):
        if "=" not in item:
            continue
        key, value = item.split("=", 1)
        key = key.strip().replace("-", "_")
        value = value.strip()
        if key == "latency":
            faults[key] = float(value[:-2]) / 1000 if value.endswith("ms") else float(value.rstrip("s") or 0)
        elif key in ("error", "drop", "lost"):
            faults[key] = float(value)
    return faults


def _record(path, kind):
    with open(path + ".faults", "a") as f:
        f.write(kind + "\n")


def before(path, write):
    """Called before the state is read; may wait, or raise instead of making the change."""
    faults = plan()
    if not faults:
        return
    if faults.get("latency"):
        time.sleep(faults["latency"])
    if not write:
        return
    if _random.random() < faults.get("drop", 0):
        _record(path, "drop")
        raise PLDBIOError("connection lost (injected fault)")
    if _random.random() < faults.get("error", 0):
        _record(path, "error")
        raise PLDBError("internal server error (injected fault)")


def after(path, write):
    """Called once a change is saved; may lose the answer."""
    if write and _random.random() < plan().get("lost", 0):
        _record(path, "lost")
        raise PLDBIOError("connection lost after the change was committed (injected fault)")
