"""`flush`, allowed to empty the append-only audit log along with everything else.

Flush removes every row of every table (the test runner uses it between tests that commit). It is
the one way to remove audit rows through Django; see core.audit_db.
"""

from django.core.management.commands import flush
from django.db import connections

from core import audit_db


class Command(flush.Command):
    def handle(self, **options):
        with audit_db.purging(connections[options["database"]]):
            return super().handle(**options)
