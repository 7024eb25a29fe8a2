"""Reads a partitioned journal export with a real engine and prints its records per day,
one `DAY RECORDS` line each (`null` for the null partition), day order: what
`journal stats --json` counts. Usage: python lake.py duckdb|spark FOLDER"""

import sys


def duckdb_days(folder):
    import duckdb

    rows = duckdb.execute(
        "SELECT CAST(date AS VARCHAR), count(*) FROM read_parquet(?, hive_partitioning = true)"
        " GROUP BY ALL ORDER BY 1 NULLS LAST",
        [folder + "/**/*.parquet"],
    ).fetchall()
    return rows


def spark_days(folder):
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master("local[2]")
        .appName("primo-events-lake-check")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    frame = spark.read.parquet(folder)
    rows = (
        frame.groupBy(frame["date"].cast("string").alias("day"))
        .count()
        .orderBy("day", ascending=True)
        .collect()
    )
    spark.stop()
    days = [(row["day"], row["count"]) for row in rows if row["day"] is not None]
    days += [(row["day"], row["count"]) for row in rows if row["day"] is None]
    return days


engine, folder = sys.argv[1], sys.argv[2]
for day, count in duckdb_days(folder) if engine == "duckdb" else spark_days(folder):
    print(day if day is not None else "null", count)
