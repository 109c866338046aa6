"""Query expressions the ORM lacks."""

from __future__ import annotations

from django.db.models import BooleanField, F, Func, QuerySet, Subquery


class InArray(Func):
    """`column = ANY(ARRAY(subquery))` on PostgreSQL, `column IN (subquery)` elsewhere.

    PostgreSQL runs the subquery once (an InitPlan) and can then read `column`'s index for the
    array, so the condition can be one arm of a BitmapOr with other indexed conditions; an
    `IN (subquery)` arm is a hashed SubPlan that no index answers.
    """

    output_field = BooleanField()
    conditional = True

    def __init__(self, column: str, rows: QuerySet):
        super().__init__(F(column), Subquery(rows))

    def as_sql(self, compiler, connection, template=None, **extra):
        column, rows = (compiler.compile(e) for e in self.source_expressions)
        return f"{column[0]} IN {rows[0]}", (*column[1], *rows[1])

    def as_postgresql(self, compiler, connection, **extra):
        column, rows = (compiler.compile(e) for e in self.source_expressions)
        return f"{column[0]} = ANY(ARRAY{rows[0]})", (*column[1], *rows[1])
