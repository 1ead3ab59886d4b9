"""Errors a user can cause. The CLI prints each as one sentence on stderr and exits non-zero."""


class CccError(Exception):
    """Base class: the message is a full sentence saying what was wrong and what would be right."""


class InvalidInput(CccError, ValueError):
    """A value given on the command line or in an import file is not acceptable.

    Also a ValueError, so that pydantic validators can raise it and report the field.
    """


class RuleViolation(CccError):
    """A record would break one of the log's rules (unknown case, case already closed, ...)."""


class StoreError(CccError):
    """The store is missing, unreadable or not a ccc store."""
