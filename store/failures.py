"""What kind of storage failure an exception is, from its type and its code alone:
SQLite's result code and PostgreSQL's SQLSTATE, never the words of a message (a
server may speak another language, and drivers reword their messages)."""

from __future__ import annotations

import enum


class Failure(enum.Enum):
    """The kinds an operator can act on; anything else is OTHER."""

    LOCKED = "locked"  # another process holds the lock past the wait
    RACING_SET_UP = "racing-set-up"  # processes created the same tables at once
    PERMISSION = "permission"  # this role may not do it
    DISK_FULL = "disk-full"  # the disk or a file-size limit is reached
    READ_ONLY = "read-only"  # the file or the transaction is read-only
    CONNECTION_LOST = "connection-lost"  # the server went away
    OTHER = "other"


# SQLite's primary result codes (the low byte of an extended code).
SQLITE = {
    5: Failure.LOCKED,  # SQLITE_BUSY
    6: Failure.LOCKED,  # SQLITE_LOCKED
    8: Failure.READ_ONLY,  # SQLITE_READONLY
    10: Failure.DISK_FULL,  # SQLITE_IOERR: what a file-size limit gives
    13: Failure.DISK_FULL,  # SQLITE_FULL
}

# PostgreSQL's SQLSTATE codes, exact ones first, then by class (first two).
POSTGRES = {
    "55P03": Failure.LOCKED,  # lock_not_available
    "40P01": Failure.LOCKED,  # deadlock_detected
    "42P07": Failure.RACING_SET_UP,  # duplicate_table
    "42710": Failure.RACING_SET_UP,  # duplicate_object
    "42723": Failure.RACING_SET_UP,  # duplicate_function
    "42P06": Failure.RACING_SET_UP,  # duplicate_schema
    "23505": Failure.RACING_SET_UP,  # unique_violation (of the catalogs, at set-up)
    "XX000": Failure.RACING_SET_UP,  # "tuple concurrently updated" in the catalogs
    "42501": Failure.PERMISSION,  # insufficient_privilege
    "53100": Failure.DISK_FULL,  # disk_full
    "25006": Failure.READ_ONLY,  # read_only_sql_transaction
    "57P01": Failure.CONNECTION_LOST,  # admin_shutdown
    "57P02": Failure.CONNECTION_LOST,  # crash_shutdown
    "57P03": Failure.CONNECTION_LOST,  # cannot_connect_now
    "08": Failure.CONNECTION_LOST,  # connection_exception (class)
}


def driver_error(error: BaseException) -> BaseException:
    """The driver's own exception behind the library's wrapping, or the error."""
    # The drivers load only once something failed: a query's start-up needs neither.
    import sqlite3

    import psycopg

    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, sqlite3.Error | psycopg.Error):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return error


def classify(error: BaseException) -> Failure:
    """The kind of storage failure, by the driver's code."""
    import sqlite3

    import psycopg

    found = driver_error(error)
    if isinstance(found, sqlite3.Error):
        code = getattr(found, "sqlite_errorcode", None)
        return SQLITE.get(code & 0xFF, Failure.OTHER) if code else Failure.OTHER
    if isinstance(found, psycopg.Error):
        state = found.sqlstate
        if state is None:
            # No SQLSTATE: libpq itself lost the connection (or never had one).
            return (
                Failure.CONNECTION_LOST
                if isinstance(found, psycopg.OperationalError)
                else Failure.OTHER
            )
        return POSTGRES.get(state, POSTGRES.get(state[:2], Failure.OTHER))
    return Failure.OTHER


def is_lock_wait(error: BaseException) -> bool:
    """Whether a failed append only waited too long for another process's lock."""
    return classify(error) is Failure.LOCKED
