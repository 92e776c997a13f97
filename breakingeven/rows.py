"""Written-out SQL for the few queries behind every uncached article page and every post.

Model.objects.raw() is the ORM's way to run written-out SQL, and elsewhere than PostgreSQL
(SQLite in development) it is needed: it converts columns as the ORM would, dates and booleans
among them. On PostgreSQL psycopg already returns every column as its field's Python value, so
the rows go straight to from_db(), which saves a tenth of a millisecond a query.
"""

from operator import itemgetter

from django.db import connection


def instances_from_sql(model, sql, params):
    """A list of `model` instances from `sql`, whose columns are some of `model`'s own."""
    if connection.vendor != "postgresql":
        queryset = model.objects.raw(sql, params)
        instances = list(queryset)
        _fields_named(model, queryset.columns)
        return instances
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        columns = [column.name for column in cursor.description]
        rows = cursor.fetchall()
    fields = _fields_named(model, columns)
    # from_db() takes the values in the model's field order, whatever order the SELECT has.
    if [field.column for field in fields] != columns:
        in_field_order = itemgetter(*(columns.index(field.column) for field in fields))
        rows = [in_field_order(row) for row in rows]
    names = [field.attname for field in fields]
    return [model.from_db(connection.alias, names, row) for row in rows]


def _fields_named(model, columns):
    """The model's fields for `columns`, in the model's order. A column the model lacks is an
    error: raw() would keep it as a stray attribute, and from_db() would misplace it."""
    fields = [field for field in model._meta.concrete_fields if field.column in columns]
    if len(fields) != len(columns):
        unknown = set(columns) - {field.column for field in fields}
        raise ValueError(f"Not columns of {model.__name__}: {', '.join(sorted(unknown))}")
    return fields
