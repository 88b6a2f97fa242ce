"""`Among`: a column among many values (thousands of codes or ids), as one parameter.

`field__in=[…20,000 values…]` prepares each value through the field and puts a placeholder per
value into the statement, which the PostgreSQL driver then quotes into the text one by one: for
a large import that cost more than the query. Here the values go as one parameter — an array on
PostgreSQL (`= ANY(%s)`), a JSON list on SQLite (`IN (SELECT value FROM json_each(%s))`).
Values must already be of the column's type (ints for ids, str for codes).

    Project.objects.filter(Among(F("code"), codes))
"""

import json

from django.db.models import Lookup


class Among(Lookup):
    lookup_name = "among"
    prepare_rhs = False

    def get_prep_lookup(self):
        return list(self.rhs)

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = list(self.rhs)
        if not values:
            return "1 = 0", []
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*lhs_params, values]
        return f"{lhs} IN (SELECT value FROM json_each(%s))", [*lhs_params, json.dumps(values, ensure_ascii=False)]
