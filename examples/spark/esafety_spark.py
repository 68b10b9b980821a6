"""Classifying a column of URLs with esafety inside Spark's ``mapInArrow``.

Ship this module to the executors (``--py-files esafety_spark.py``) with the esafety wheel.
Each Python worker builds its ``UrlFilter`` once, on the first batch it sees, and keeps it
for every later partition (Spark reuses its Python workers): the lists are loaded once per
worker, not per row or per batch.

    from esafety_spark import classify_batches, output_schema
    out = df.mapInArrow(lambda b: classify_batches(b, audience="ks2"), output_schema(df.schema))
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the executors import these; the driver needs neither
    import pyarrow as pa

    import esafety

#: The columns ``classify_batches`` adds after the input's, as ``UrlFilter.classify_arrow``
#: returns them (a null ``category`` when none applies; ``error`` set instead of a verdict).
DECISION_FIELDS = ("verdict", "category", "rule", "error")


@functools.lru_cache(maxsize=4)
def url_filter(policy: str | None = None) -> esafety.UrlFilter:
    """The worker's filter, built on first use: the embedded lists under ``policy`` (a preset
    id or a policy document's text; ``None``: the national defaults)."""
    import esafety

    return esafety.UrlFilter.default(policy=policy)


def output_schema(schema):  # type: ignore[no-untyped-def]
    """The input's Spark schema with the decision columns added (all strings)."""
    from pyspark.sql.types import StringType, StructField, StructType

    return StructType([*schema.fields, *(StructField(n, StringType(), True) for n in DECISION_FIELDS)])


def classify_batches(
    batches: Iterator[pa.RecordBatch], audience: str = "ks2", policy: str | None = None
) -> Iterator[pa.RecordBatch]:
    """Classifies the ``url`` column of every batch; the other columns pass through."""
    import pyarrow as pa

    f = url_filter(policy)
    for batch in batches:
        decided = f.classify_arrow(batch.column("url"), audience=audience)
        columns = [*batch.columns, *(decided.field(n) for n in DECISION_FIELDS)]
        yield pa.RecordBatch.from_arrays(columns, names=[*batch.schema.names, *DECISION_FIELDS])
