"""An id too large (or too small) for its column matches nothing, on every database.

Django already answers "no rows" for `exact`, `gt` and the like on integer columns when the
value is out of the column's range (IntegerFieldOverflow), but not for `in` or for foreign
keys: SQLite then raises OverflowError, and a form with a choice of records (`themes`,
`members`, `agencies`, ...) that was posted `99999999999999999999` crashed with a 500 in the
embedded mode instead of saying "Select a valid choice". Every model choice field checks its
ids with `pk__in`, so fixing the lookups fixes every form at once, and every filter on ids
taken from a request besides. Installed once, from core's AppConfig.ready().
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from django.core.exceptions import EmptyResultSet
from django.db.models import ForeignObject, IntegerField
from django.db.models.fields.related_lookups import RelatedExact, RelatedIn
from django.db.models.lookups import In

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.sql.compiler import SQLCompiler, _AsSqlType

    # Lookups are generic only to the type checker. The mixin below only ever sits before an
    # `in` lookup, so it is checked as one.
    _AnyIn = In[Any]
    _InMixinBase = In[Any]
else:
    _AnyIn = In
    _InMixinBase = object


def _range(field: Any, connection: BaseDatabaseWrapper) -> tuple[int | None, int | None]:
    while field.is_relation and getattr(field, "target_field", None) is not None:
        field = field.target_field
    if not isinstance(field, IntegerField):
        return None, None
    try:
        low, high = connection.ops.integer_field_range(field.get_internal_type())
    except KeyError:
        return None, None
    return low, high


def _out_of_range(value: object, low: int | None, high: int | None) -> bool:
    return isinstance(value, int) and ((low is not None and value < low) or (high is not None and value > high))


class _DropsOutOfRange(_InMixinBase):
    """For `in`: leave out the values no row can hold; none left means no rows."""

    def process_rhs(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> _AsSqlType:
        if self.rhs_is_direct_value() and not isinstance(self.rhs, str):
            low, high = _range(self.lhs.output_field, connection)
            kept = [value for value in self.rhs if not _out_of_range(value, low, high)]
            if len(kept) != len(self.rhs):
                if not kept:
                    raise EmptyResultSet
                within = copy.copy(self)
                within.rhs = kept
                return super(_DropsOutOfRange, within).process_rhs(compiler, connection)
        return super().process_rhs(compiler, connection)


class IntegerFieldIn(_DropsOutOfRange, _AnyIn):
    pass


class RelatedIntegerIn(_DropsOutOfRange, RelatedIn):
    pass


class RelatedIntegerExact(RelatedExact):
    def process_rhs(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> _AsSqlType:
        if _out_of_range(self.rhs, *_range(self.lhs.output_field, connection)):
            raise EmptyResultSet
        return super().process_rhs(compiler, connection)


def install() -> None:
    IntegerField.register_lookup(IntegerFieldIn)
    ForeignObject.register_lookup(RelatedIntegerIn)
    ForeignObject.register_lookup(RelatedIntegerExact)
