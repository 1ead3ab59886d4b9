"""ccc: the event-sourced allegation and dialogue log of the Committee on Cooperative Compliance.

Nothing is imported here: `ccc status --json` on an up-to-date store must not pay for the
write side (eventsourcing, pydantic, edtf, pycountry) or for rich.
"""

__version__ = "0.1.0"
