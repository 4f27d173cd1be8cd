"""Code a corpus of stories with Spark, as `quidpro ingest` and `quidpro export` would.

    spark-submit python/spark/quidpro_spark.py STORIES OUT [--aggregates DIR] [--force]

STORIES is JSON lines in `quidpro code`'s input format (one object per line: `id`,
`date`, `text`, optionally `source` and `url`): a file, a folder or a glob, on any file
system Spark reads. Each executor needs the `quidpro` package installed (`pip install`
the wheel `maturin build --release` makes in python/).

1. Stories are read as lines and numbered; a story given again (the same `id`) replaces
   the earlier one, as `quidpro ingest` replaces it.
2. They are coded by the package inside `mapInPandas` (`quidpro.code_lines`), each batch
   into the event table's columns (`quidpro.SCHEMA`). A bad line fails the job with
   `STORIES:LINE: message` (the line counted over the files read, in order).
3. Events are clustered with the store's rule: asserted and reported events of the same
   day, source, target and code are one cluster (`cluster_events` is its size; 1 for the
   other modalities, which join no cluster).
4. The dyad-month aggregates (what the store's `all_dyad_months` and `all_month_totals`
   hold, and `quidpro dyad` reads): per source country, target country and month
   (`YYYY-MM`) the clusters, their Goldstein sum and their count per quad class, and
   `share`, the dyad's clusters over all clusters of the month. Written with
   `--aggregates DIR` as Parquet: `DIR/dyad_months` and `DIR/month_totals`.
5. The events are written in the layout of `quidpro export --format parquet`:
   `OUT/year=YYYY/month=MM/part-NNNNN.parquet`, the export's columns and types, each month's
   rows sorted by date and id, at most `quidpro.ROWS_PER_FILE` rows a file, and
   `_schema.json` beside them (the files' footers lack the export's key-value metadata
   `quidpro.schema_version`, which Spark's writer cannot add). They are
   written into a hidden staging folder and moved into place when complete; an earlier
   export in OUT is replaced only with `--force` (its `year=` partitions then go, so no
   stale partition is left). `quidpro import parquet OUT` reads the result into a store.

Exit codes: 0 done, 1 bad input (a bad line, an export already there), 2 usage.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Dict, Iterator, List, Optional

import pandas as pd
import pyarrow as pa
import quidpro
from pyspark.sql import DataFrame, SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql import types as T

FACTUAL = ("asserted", "reported")
CLUSTER_KEY = ["date", "source", "target", "code"]
STAGING = ".quidpro-spark-staging"


class JobError(Exception):
    """Bad input: the job stops with this message and exit code 1."""


def spark_type(t: pa.DataType) -> T.DataType:
    """The Spark type of an Arrow type of the event table."""
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return T.StringType()
    if pa.types.is_date32(t):
        return T.DateType()
    if pa.types.is_int32(t):
        return T.IntegerType()
    if pa.types.is_int64(t):
        return T.LongType()
    if pa.types.is_float64(t):
        return T.DoubleType()
    if pa.types.is_boolean(t):
        return T.BooleanType()
    raise TypeError(f"no Spark type for the event table's {t}")


def event_schema() -> T.StructType:
    """The event table (`quidpro.SCHEMA`) as a Spark schema, nullability included."""
    return T.StructType([T.StructField(f.name, spark_type(f.type), f.nullable) for f in quidpro.SCHEMA])


def read_stories(spark: SparkSession, path: str) -> DataFrame:
    """The stories' lines (`line`, 1-based, and `value`), blank lines left out, the last
    line of each story id kept."""
    numbered = spark.sparkContext.textFile(path).zipWithIndex().map(lambda p: (p[1] + 1, p[0]))
    lines = spark.createDataFrame(numbered, "line long, value string")
    lines = lines.where(F.trim("value") != "").withColumn("story_id", F.get_json_object("value", "$.id"))
    last = Window.partitionBy("story_id").orderBy(F.col("line").desc())
    keyed = lines.where(F.col("story_id").isNotNull()).withColumn("k", F.row_number().over(last))
    # Lines without a readable id are kept: coding them reports them.
    return keyed.where("k = 1").drop("k").unionByName(lines.where(F.col("story_id").isNull())).drop("story_id")


def code_stories(lines: DataFrame, origin: str, include_negated: bool = True) -> DataFrame:
    """The lines' events, coded by the package in each Python worker."""

    def code(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        for batch in batches:
            if len(batch) == 0:
                continue
            table = quidpro.code_lines(
                batch["value"].tolist(),
                origin=origin,
                line_numbers=batch["line"].tolist(),
                include_negated=include_negated,
            )
            if table.num_rows:
                yield table.to_pandas()

    return lines.mapInPandas(code, schema=event_schema())


def cluster(events: DataFrame) -> tuple[DataFrame, DataFrame]:
    """(events with `cluster_events` set, clusters): a cluster is the asserted and
    reported events of one day, source, target and code (`crates/store`: `cluster_key`)."""
    factual = F.col("modality").isin(*FACTUAL)
    clusters = (
        events.where(factual)
        .groupBy(*CLUSTER_KEY)
        .agg(
            F.count(F.lit(1)).alias("n_events"),
            F.first("source_country").alias("source_country"),
            F.first("target_country").alias("target_country"),
            F.first("goldstein").alias("goldstein"),
            F.first("quad_class").alias("quad_class"),
        )
    )
    sizes = clusters.select(*CLUSTER_KEY, "n_events")
    joined = events.join(sizes, on=CLUSTER_KEY, how="left")
    # `coalesce` with a literal last: a column Spark knows is never null, as the schema's.
    size = F.coalesce(F.when(factual, F.col("n_events")), F.lit(1).cast("long"))
    joined = joined.withColumn("cluster_events", size).drop("n_events")
    return joined.select(*quidpro.COLUMNS), clusters


def aggregates(clusters: DataFrame) -> tuple[DataFrame, DataFrame]:
    """(dyad_months, month_totals), as the store's `all_dyad_months` and
    `all_month_totals`, with each dyad-month's `share` of its month's clusters."""
    month = F.date_format("date", "yyyy-MM").alias("month")
    totals = clusters.groupBy(month).agg(F.count(F.lit(1)).alias("clusters"))
    quads = [F.sum(F.when(F.col("quad_class") == q, 1).otherwise(0)).cast("long").alias(f"q{q}") for q in (1, 2, 3, 4)]
    dyads = clusters.groupBy("source_country", "target_country", month).agg(
        F.count(F.lit(1)).alias("clusters"), F.sum("goldstein").alias("goldstein_sum"), *quads
    )
    dyads = dyads.join(totals.withColumnRenamed("clusters", "month_clusters"), on="month").withColumn(
        "share", F.col("clusters") / F.col("month_clusters")
    )
    columns = ["source_country", "target_country", "month", "clusters", "goldstein_sum", "q1", "q2", "q3", "q4", "share"]
    return dyads.select(*columns), totals


class Files:
    """The Hadoop file system of a path, through Spark's JVM (local, HDFS, S3, ...)."""

    def __init__(self, spark: SparkSession, path: str) -> None:
        self.jvm = spark.sparkContext._jvm
        self.root = self.path(path)
        fs = self.root.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
        # On a local disk, the file system under Hadoop's checksums: the export has no
        # `.crc` side files, and moving a part this way leaves its one in the staging folder.
        checksummed = self.jvm.java.lang.Class.forName("org.apache.hadoop.fs.ChecksumFileSystem")
        if checksummed.isInstance(fs):
            fs = fs.getRawFileSystem()
        self.fs = fs

    def path(self, *parts: str):
        return self.jvm.org.apache.hadoop.fs.Path("/".join(parts))

    def names(self, p) -> List[str]:
        if not self.fs.exists(p):
            return []
        return sorted(s.getPath().getName() for s in self.fs.listStatus(p))

    def move(self, src, dst) -> None:
        if not self.fs.rename(src, dst):
            raise JobError(f"{dst}: could not move {src} there")


def earlier_export(spark: SparkSession, out: str, force: bool) -> List[str]:
    """The `year=` partitions of an earlier export in `out`; a `JobError` when there are
    some and `force` is not given."""
    files = Files(spark, out)
    old = [n for n in files.names(files.root) if n.startswith("year=")]
    if old and not force:
        raise JobError(f"{out}/{old[0]}: already exists; an export replaces it only when forced (--force)")
    return old


def write_export(events: DataFrame, spark: SparkSession, out: str, force: bool) -> List[str]:
    """Writes the events in the layout of `quidpro export --format parquet`; returns the
    files written (relative to `out`)."""
    files = Files(spark, out)
    old = earlier_export(spark, out, force)
    staging = f"{out}/{STAGING}"
    files.fs.delete(files.path(staging), True)
    (
        events.withColumn("year", F.format_string("%04d", F.year("date")))
        .withColumn("month", F.format_string("%02d", F.month("date")))
        .repartition("year", "month")
        .sortWithinPartitions("year", "month", "date", "id")
        .write.option("maxRecordsPerFile", quidpro.ROWS_PER_FILE)
        .option("compression", "snappy")
        .partitionBy("year", "month")
        .parquet(f"{staging}/new")
    )
    # Spark's part files, in the order it wrote them, take the export's names.
    written: List[str] = []
    new = files.path(staging, "new")
    for year in [n for n in files.names(new) if n.startswith("year=")]:
        for month in [n for n in files.names(files.path(staging, "new", year)) if n.startswith("month=")]:
            parts = [n for n in files.names(files.path(staging, "new", year, month)) if n.endswith(".parquet") and not n.startswith((".", "_"))]
            target = files.path(staging, "ready", year, month)
            files.fs.mkdirs(target)
            for k, name in enumerate(parts):
                rel = f"{year}/{month}/part-{k:05d}.parquet"
                files.move(files.path(staging, "new", year, month, name), files.path(staging, "ready", rel))
                written.append(rel)
    # The earlier export's partitions out, the new ones in, then the staging folder goes.
    if old:
        files.fs.mkdirs(files.path(staging, "old"))
        for name in old:
            files.move(files.path(out, name), files.path(staging, "old", name))
    for name in files.names(files.path(staging, "ready")):
        files.move(files.path(staging, "ready", name), files.path(out, name))
    # The schema's version and columns beside the files, as the export writes them.
    stream = files.fs.create(files.path(staging, "_schema.json"), True)
    stream.write(bytearray(quidpro._quidpro.schema_json().encode("utf-8")))
    stream.close()
    target = files.path(out, "_schema.json")
    if files.fs.exists(target):
        files.fs.delete(target, False)
    files.move(files.path(staging, "_schema.json"), target)
    files.fs.delete(files.path(staging), True)
    return written


def run(
    spark: SparkSession,
    stories: str,
    out: str,
    aggregates_dir: Optional[str] = None,
    force: bool = False,
    include_negated: bool = True,
) -> Dict[str, int]:
    """The whole job; returns its counts (stories, events, clusters, files)."""
    earlier_export(spark, out, force)  # refused before any work
    lines = read_stories(spark, stories).cache()
    events = code_stories(lines, stories, include_negated).dropDuplicates(["dataset", "dataset_id"])
    try:
        events = events.cache()
        n_events = events.count()
    except Exception as e:  # the worker's quidpro.InputError, wrapped by Spark
        found = re.search(r"quidpro\.InputError: ([^\n]*)", str(e))
        if found:
            raise JobError(found.group(1).strip()) from None
        raise
    with_clusters, clusters = cluster(events)
    clusters = clusters.cache()
    counts = {"stories": lines.count(), "events": n_events, "clusters": clusters.count()}
    if aggregates_dir is not None:
        dyads, totals = aggregates(clusters)
        dyads.orderBy("source_country", "target_country", "month").coalesce(1).write.mode("overwrite").parquet(f"{aggregates_dir}/dyad_months")
        totals.orderBy("month").coalesce(1).write.mode("overwrite").parquet(f"{aggregates_dir}/month_totals")
    counts["files"] = len(write_export(with_clusters, spark, out, force))
    return counts


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("stories", help="JSON-lines stories: a file, folder or glob")
    parser.add_argument("out", help="the export's folder (year=YYYY/month=MM/part-NNNNN.parquet)")
    parser.add_argument("--aggregates", metavar="DIR", help="write the dyad-month aggregates here (Parquet)")
    parser.add_argument("--force", action="store_true", help="replace an earlier export in OUT")
    parser.add_argument(
        "--without-negated",
        action="store_true",
        help="leave out negated, refused and denied events (by default they are kept, with their modality, as `quidpro ingest` keeps them)",
    )
    args = parser.parse_args(argv)
    spark = SparkSession.builder.appName("quidpro").getOrCreate()
    try:
        counts = run(spark, args.stories, args.out, args.aggregates, args.force, not args.without_negated)
    except JobError as e:
        print(f"quidpro_spark: {e}", file=sys.stderr)
        return 1
    finally:
        spark.stop()
    print(
        f"{counts['stories']} stories, {counts['events']} events, {counts['clusters']} clusters; "
        f"{counts['files']} files in {args.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
