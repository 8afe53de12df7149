package org.emolake.job;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.emolake.audio.AudioFiles;
import org.emolake.audio.AudioLoader;
import org.emolake.scoring.ClipPipeline;
import org.emolake.scoring.ScoringLimits;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The manifest of a folder tree (any Hadoop FS): every file with an audio extension ({@link AudioFiles#EXTENSIONS})
 * under it as a Parquet row (path, clip_id, size_bytes, modified_at, then what its header says:
 * {@link ManifestHeaders}). The sub-folders are listed in parallel on the executors, so the driver never holds the
 * whole listing, and the headers are read there too (no sample is decoded). The other files are counted and a few
 * named (by name only: their content is not read here).
 */
public final class ManifestWriter {
    static final StructType SCHEMA = DataTypes.createStructType(List.of(
            DataTypes.createStructField("path", DataTypes.StringType, false),
            DataTypes.createStructField("size_bytes", DataTypes.LongType, false),
            DataTypes.createStructField("modified_at", DataTypes.TimestampType, false)));

    private ManifestWriter() {
    }

    /** What a manifest holds, and what the scan left out. */
    public record Written(long files, long skipped, List<String> skippedExamples, long headerErrors) {
    }

    /** Writes the manifest of {@code root} to {@code output} (replacing it) on a command's session. */
    public static Written write(JobSession session, String root, String output) throws JobException {
        Skipped skipped = new Skipped(session.spark());
        long files = write(session.spark(), root, output, skipped);
        long headerErrors = session.spark().read().parquet(output)
                .filter(org.apache.spark.sql.functions.col(ManifestHeaders.HEADER_ERROR).isNotNull()).count();
        return new Written(files, skipped.count.value(), List.copyOf(skipped.examples.value()), headerErrors);
    }


    /** The files a scan left out: how many, and a few of them (at most {@link #EXAMPLES} per listing task). */
    static final class Skipped implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        static final int EXAMPLES = 5;
        final org.apache.spark.util.LongAccumulator count;
        final org.apache.spark.util.CollectionAccumulator<String> examples;

        Skipped(SparkSession spark) {
            count = spark.sparkContext().longAccumulator("manifest skipped files");
            examples = spark.sparkContext().collectionAccumulator("manifest skipped examples");
        }

        void add(String path, int alreadyInThisTask) {
            count.add(1);
            if (alreadyInThisTask < EXAMPLES) {
                examples.add(path);
            }
        }
    }

    /** Writes the manifest of {@code root} to {@code output} (replacing it); returns the number of files. */
    static long write(SparkSession spark, String root, String output, Skipped skipped) throws JobException {
        Dataset<Row> manifest = scan(spark, root, skipped);
        manifest.write().mode(SaveMode.Overwrite).parquet(output);
        return spark.read().parquet(output).count();
    }

    static Dataset<Row> scan(SparkSession spark, String root, Skipped skipped) throws JobException {
        List<String> dirs = new ArrayList<>();
        List<Row> topFiles = new ArrayList<>();
        try {
            Path rootPath = new Path(root);
            FileSystem fs = rootPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
            FileStatus status;
            try {
                status = fs.getFileStatus(rootPath);
            } catch (java.io.FileNotFoundException e) {
                throw new JobException("Cannot list: " + root + " does not exist");
            }
            if (!status.isDirectory()) {
                throw new JobException("Cannot list: " + root + " is not a folder");
            }
            for (FileStatus child : fs.listStatus(rootPath)) {
                if (child.isDirectory()) {
                    dirs.add(child.getPath().toString());
                } else if (child.isFile() && AudioLoader.isAudioFileName(child.getPath().getName())) {
                    topFiles.add(row(child));
                } else {
                    skipped.add(child.getPath().toString(), 0);
                }
            }
        } catch (IOException e) {
            throw new JobException("Cannot list " + root + ": " + e.getMessage(), e);
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<SerializableHadoopConf> conf = jsc.broadcast(
                new SerializableHadoopConf(spark.sparkContext().hadoopConfiguration()));
        Dataset<Row> top = spark.createDataFrame(topFiles, SCHEMA);
        Dataset<Row> all = top;
        if (!dirs.isEmpty()) {
            JavaRDD<Row> nested = jsc.parallelize(dirs, Math.min(dirs.size(), Math.max(1, jsc.defaultParallelism() * 4)))
                    .flatMap(new ListTree(conf, skipped));
            all = top.unionAll(spark.createDataFrame(nested, SCHEMA));
        }
        Dataset<Row> listed = all.withColumn("clip_id", ClipIds.fromPath(all.col("path")))
                .select("path", "clip_id", "size_bytes", "modified_at");
        List<org.apache.spark.sql.types.StructField> fields = new ArrayList<>(List.of(listed.schema().fields()));
        fields.addAll(ManifestHeaders.FIELDS);
        // spread the header reads over every core, whatever the shape of the folder tree
        return listed.repartition(Math.max(1, jsc.defaultParallelism() * 2))
                .mapPartitions(new ReadHeaders(conf), Encoders.row(DataTypes.createStructType(fields)));
    }

    /** Appends the header columns to each listed file's row. */
    private static final class ReadHeaders implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<SerializableHadoopConf> conf;

        ReadHeaders(Broadcast<SerializableHadoopConf> conf) {
            this.conf = conf;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            ClipPipeline pipeline = ClipPipeline.featuresOnly(ScoringLimits.defaults());
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public Row next() {
                    Row r = rows.next();
                    String path = r.getString(0);
                    Object[] header = ManifestHeaders.probe(pipeline, path, path, conf.value().get());
                    Object[] values = new Object[r.length() + header.length];
                    for (int i = 0; i < r.length(); i++) {
                        values[i] = r.get(i);
                    }
                    System.arraycopy(header, 0, values, r.length(), header.length);
                    return RowFactory.create(values);
                }
            };
        }
    }

    private static Row row(FileStatus f) {
        return RowFactory.create(f.getPath().toString(), f.getLen(), new Timestamp(f.getModificationTime()));
    }

    /** Lists one folder tree recursively, lazily. */
    private static final class ListTree implements FlatMapFunction<String, Row> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<SerializableHadoopConf> conf;
        private final Skipped skipped;

        ListTree(Broadcast<SerializableHadoopConf> conf, Skipped skipped) {
            this.conf = conf;
            this.skipped = skipped;
        }

        @Override
        public Iterator<Row> call(String dir) throws IOException {
            Path path = new Path(dir);
            RemoteIterator<LocatedFileStatus> files = path.getFileSystem(conf.value().get()).listFiles(path, true);
            return new Iterator<>() {
                private Row next;
                private int skippedHere;

                @Override
                public boolean hasNext() {
                    try {
                        while (next == null && files.hasNext()) {
                            LocatedFileStatus f = files.next();
                            if (f.isFile() && AudioLoader.isAudioFileName(f.getPath().getName())) {
                                next = row(f);
                            } else if (f.isFile()) {
                                skipped.add(f.getPath().toString(), skippedHere++);
                            }
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return next != null;
                }

                @Override
                public Row next() {
                    if (!hasNext()) {
                        throw new java.util.NoSuchElementException();
                    }
                    Row r = next;
                    next = null;
                    return r;
                }
            };
        }
    }
}
