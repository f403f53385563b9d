"""The exceptions of ActiveLogic's Python API (``activelogic.exception``), as documented."""


class PLDBError(Exception):
    """The server answered the last command with an error."""


class PLDBCriticalError(PLDBError):
    """A critical error; the connection is unusable."""


class PLDBDetached(PLDBError):
    """The resource is detached from its connection."""


class PLDBIOError(PLDBError):
    """Cannot connect, connection lost, crypto negotiation or user authorisation failed."""


class PLDBNewDataCommitted(PLDBError):
    """Someone else committed newer data."""


class PLDBCapabilityError(PLDBError):
    """The server does not announce the capabilities the client needs, or the reverse."""


class PLDBUnsupportedInFirmware(PLDBError):
    """The feature or property is not supported by the connected firmware."""


class PLDBUnsupportedInHardware(PLDBError):
    """The feature is not supported by the hardware."""
