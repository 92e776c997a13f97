"""Committing each delivery's outcome, the record that makes sending exactly-once.

record() starts committing one copy's outcome and wait() returns once it is committed. The
sender calls wait() just before the next copy's final dot (newsletter/handover.py), so on
PostgreSQL the commit, a network round trip and a flush to disk, runs while the next copy's
envelope and content go out instead of before them. Only one outcome is ever in flight: a
crash still leaves at most the last copy handed over without its outcome.

Kept instead of an ORM update per copy, which with Django's SMTP backend misses the sending
budget (BENCHMARKS.md, "Newsletter sending").
"""

import select

from django.db import DatabaseError, connection

from .models import Delivery


def recorder_for_connection():
    if connection.vendor == "postgresql":
        from django.db.backends.postgresql.psycopg_any import is_psycopg3

        # psycopg2, which Django also supports, has no libpq layer to speak to.
        if is_psycopg3:
            return PipelinedRecorder(connection)
    return ImmediateRecorder()


class ImmediateRecorder:
    """Commits each outcome before record() returns (any database)."""

    def record(self, delivery, status, **fields):
        rows = Delivery.objects.filter(pk=delivery.pk, claim=delivery.claim)
        rows.update(status=status, **fields)

    def wait(self):
        pass


class PipelinedRecorder:
    """Sends each outcome's UPDATE over psycopg's connection without waiting for the answer.

    It speaks to libpq directly (psycopg.pq) because psycopg's own API waits for every
    statement. The statement runs in autocommit, as an ORM update outside a transaction would;
    until wait() has read its answer, nothing else may use the connection.
    """

    def __init__(self, connection):
        connection.ensure_connection()
        self.connection = connection
        self.pgconn = connection.connection.pgconn
        self.pending = False
        self._statements = {}

    def record(self, delivery, status, **fields):
        self.wait()
        values = {"status": status, **fields}
        params = [_text(value) for value in (*values.values(), delivery.pk, delivery.claim)]
        with self.connection.wrap_database_errors:
            self.pgconn.send_query_params(self._statement(tuple(values)), params)
            self.pending = True
            while self.pgconn.flush():  # 1 while some of the statement is still unsent
                self._poll(select.POLLOUT)

    def wait(self):
        """Return once the outcome last recorded is committed; raise if it failed."""
        if not self.pending:
            return
        pgconn, errors = self.pgconn, []
        try:
            with self.connection.wrap_database_errors:
                while True:
                    while pgconn.is_busy():
                        self._poll(select.POLLIN)
                        pgconn.consume_input()
                    if (result := pgconn.get_result()) is None:
                        break
                    if result.error_message:
                        errors.append(result.error_message.decode(errors="replace"))
        except BaseException:
            # An answer left half read would confuse the next query: start a new connection.
            self.connection.close()
            raise
        finally:
            self.pending = False
        if errors:
            raise DatabaseError("; ".join(errors))

    def _statement(self, names):
        if names not in self._statements:
            quote = self.connection.ops.quote_name
            column = {field.name: quote(field.column) for field in Delivery._meta.concrete_fields}
            assignments = ", ".join(f"{column[name]} = ${n}" for n, name in enumerate(names, 1))
            where = f"{column['id']} = ${len(names) + 1} AND {column['claim']} = ${len(names) + 2}"
            table = quote(Delivery._meta.db_table)
            # Only the model's own quoted names are spliced in; values go as parameters.
            sql = f"UPDATE {table} SET {assignments} WHERE {where}"  # noqa: S608
            self._statements[names] = sql.encode()
        return self._statements[names]

    def _poll(self, event):
        poll = select.poll()
        poll.register(self.pgconn.socket, event)
        poll.poll()


def _text(value):
    """A parameter in PostgreSQL's text format; the column gives its type."""
    if value is None:
        return None
    return (value.isoformat() if hasattr(value, "isoformat") else str(value)).encode()
