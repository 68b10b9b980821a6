"""Classifies a squid access log with Spark and esafety, and writes Parquet.

    python classify_log.py [--master local[*]] [--audience ks2] [--policy ID] LOG OUT

or, on a cluster, through ``spark-submit`` (see README.md). Each line's URL (squid native
format: the 7th field) goes through ``UrlFilter.classify_arrow`` in ``mapInArrow``; a line
that is not a log line has a null URL and comes out with ``error = input_null``. Prints the
rows written, the wall time of the job and lines per second.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
import time

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

import esafety_spark


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("log", help="a squid native access log (a path Spark can read: file, HDFS, S3 ...)")
    p.add_argument("out", help="the Parquet folder to write")
    p.add_argument("--master", help="e.g. local[*] (default: what spark-submit says)")
    p.add_argument("--audience", default="ks2")
    p.add_argument("--policy", help="a preset id (national, kilby, ...); default: the national defaults")
    a = p.parse_args()
    builder = SparkSession.builder.appName("esafety-classify-log")
    if a.master:
        builder = builder.master(a.master)
    if (a.master or "").startswith("local"):
        # Local workers run this interpreter (the one with esafety and pyarrow installed).
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    # Ship the helper module to the executors (the wheel goes with --py-files or an archive).
    spark.sparkContext.addPyFile(esafety_spark.__file__)
    fields = F.split(F.trim(F.col("value")), r"\s+")
    lines = spark.read.text(a.log).select(
        F.get(fields, 0).alias("time"),
        F.get(fields, 2).alias("client"),
        F.get(fields, 6).alias("url"),
        F.get(fields, 7).alias("user"),
    )
    classify = functools.partial(esafety_spark.classify_batches, audience=a.audience, policy=a.policy)
    decided = lines.mapInArrow(classify, esafety_spark.output_schema(lines.schema))
    start = time.perf_counter()
    decided.write.mode("overwrite").parquet(a.out)
    wall = time.perf_counter() - start
    rows = spark.read.parquet(a.out).count()
    print(json.dumps({"rows": rows, "wall_s": round(wall, 2), "lines_per_s": round(rows / wall)}))
    spark.stop()


if __name__ == "__main__":
    main()
