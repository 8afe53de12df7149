package org.emolake.job;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/** The scoring job's manifest: read, checked and put in order before any clip is scored. */
final class ScoreManifest {
    private static final List<DataType> CLIP_ID_TYPES = List.of(DataTypes.StringType, DataTypes.LongType,
            DataTypes.IntegerType, DataTypes.ShortType, DataTypes.ByteType);

    /** Where Spark's Parquet writer keeps the written rows' schema (ParquetReadSupport.SPARK_METADATA_KEY). */
    private static final String SPARK_SCHEMA_KEY = "org.apache.spark.sql.parquet.row.metadata";

    private ScoreManifest() {
    }

    /** A Parquet manifest, or "Cannot {@code action}: cannot read the manifest ..." with the reader's first line. */
    static Dataset<Row> readParquet(SparkSession spark, String path, String action) throws JobException {
        try {
            StructType written = writtenSchema(spark, path);
            return written != null ? spark.read().schema(written).parquet(path) : spark.read().parquet(path);
        } catch (Exception e) {
            throw new JobException("Cannot " + action + ": cannot read the manifest " + path + " as Parquet: "
                    + ScoreJob.firstLine(e.getMessage()), e);
        }
    }

    /**
     * The schema Spark stored in the footer of the manifest's first data file, read on the driver: Spark's own
     * inference reads the same footer in a Spark job of its own. Null (Spark infers it) when the manifest is
     * partitioned into folders, has no such footer entry (written by another tool) or cannot be read that way.
     */
    private static StructType writtenSchema(SparkSession spark, String path) {
        try {
            Path root = new Path(path);
            FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
            FileStatus first = null;
            for (FileStatus f : fs.listStatus(root)) {
                String name = f.getPath().getName();
                if (name.startsWith("_") || name.startsWith(".")) {
                    continue;
                }
                if (f.isDirectory()) {
                    return null;
                }
                if (first == null || name.compareTo(first.getPath().getName()) < 0) {
                    first = f;
                }
            }
            if (first == null) {
                return null;
            }
            try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromStatus(first,
                    spark.sparkContext().hadoopConfiguration()))) {
                String json = reader.getFooter().getFileMetaData().getKeyValueMetaData().get(SPARK_SCHEMA_KEY);
                return json == null ? null : (StructType) DataType.fromJson(json);
            }
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * The manifest at {@code path} with {@code clip_id} (derived from the path where absent or NULL) and
     * {@code path} first, checked before any work: a string {@code path} column, a string or integer
     * {@code clip_id}, no column named like an output column, every {@code groupBy} column present.
     */
    static Dataset<Row> read(SparkSession spark, String path, List<String> groupBy) throws JobException {
        Dataset<Row> manifest = readParquet(spark, path, "score");
        StructType schema = manifest.schema();
        List<String> names = Arrays.asList(schema.fieldNames());
        if (!names.contains(PredictionRow.PATH)) {
            throw new JobException("Cannot score: manifest has no 'path' column (" + path + " has "
                    + String.join(", ", names) + ")");
        }
        if (!schema.apply(PredictionRow.PATH).dataType().equals(DataTypes.StringType)) {
            throw new JobException("Cannot score: the manifest's 'path' column is "
                    + schema.apply(PredictionRow.PATH).dataType().simpleString() + ", not string");
        }
        boolean headers = ManifestHeaders.present(names);
        for (String name : names) {
            if (name.startsWith(ScoredUnit.PREFIX)) {
                throw new JobException("Cannot score: manifest column '" + name + "' starts with '" + ScoredUnit.PREFIX
                        + "', which the job keeps for its own columns; rename it");
            }
            // the header columns of `emolake manifest` (duration_s, ...) plan the run and are not passed through
            if (headers && ManifestHeaders.COLUMNS.contains(name)) {
                continue;
            }
            if (PredictionRow.RESERVED.contains(name)) {
                throw new JobException("Cannot score: manifest column '" + name
                        + "' clashes with an output column of the same name; rename it");
            }
        }
        for (String g : groupBy) {
            if (!names.contains(g)) {
                throw new JobException("Cannot score: --group-by column '" + g + "' is not in the manifest (it has "
                        + String.join(", ", names) + ")");
            }
            if (RunTables.SUMMARY_COLUMNS.contains(g) || g.equals(PredictionRow.PATH)
                    || (headers && ManifestHeaders.COLUMNS.contains(g))) {
                throw new JobException("Cannot score: --group-by column '" + g + "' clashes with a class_summary column");
            }
        }
        Column clipId = ClipIds.fromPath(col(PredictionRow.PATH));
        if (names.contains(PredictionRow.CLIP_ID)) {
            DataType type = schema.apply(PredictionRow.CLIP_ID).dataType();
            if (!CLIP_ID_TYPES.contains(type)) {
                throw new JobException("Cannot score: the manifest's 'clip_id' column is " + type.simpleString()
                        + ", not string (or an integer type, read as its decimal string)");
            }
            // a row whose clip_id is NULL gets the id derived from its path, as a manifest without the column
            clipId = coalesce(col(PredictionRow.CLIP_ID).cast("string"), clipId);
        }
        List<Column> ordered = new ArrayList<>();
        ordered.add(clipId.as(PredictionRow.CLIP_ID));
        ordered.add(col(PredictionRow.PATH));
        for (String name : names) {
            if (!name.equals(PredictionRow.CLIP_ID) && !name.equals(PredictionRow.PATH)) {
                ordered.add(col("`" + name + "`"));
            }
        }
        return manifest.select(ordered.toArray(Column[]::new));
    }

    /** How many rows a manifest has, and which clip ids more than one of them carries. */
    record Census(long rows, ScoreJob.Duplicates duplicates) {
    }

    /** The manifest's rows and its clip ids (not NULL) that more than one row carries, in one aggregation. */
    static Census census(Dataset<Row> manifest) {
        Column duplicated = col(PredictionRow.CLIP_ID).isNotNull().and(col("n").gt(1));
        Row r = manifest.groupBy(col(PredictionRow.CLIP_ID)).agg(count(lit(1)).as("n"))
                .agg(coalesce(sum(col("n")), lit(0L)), count(when(duplicated, lit(1))),
                        coalesce(sum(when(duplicated, col("n"))), lit(0L)),
                        min(when(duplicated, col(PredictionRow.CLIP_ID))))
                .first();
        ScoreJob.Duplicates duplicates = r.getLong(1) == 0 ? ScoreJob.Duplicates.NONE
                : new ScoreJob.Duplicates(r.getLong(1), r.getLong(2), r.getString(3));
        return new Census(r.getLong(0), duplicates);
    }
}
