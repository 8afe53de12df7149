package org.emolake.job;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
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
 * {@link ManifestHeaders}). The sub-folders are listed in parallel on the executors and the root's own entries are
 * streamed in batches of {@link #ROOT_BATCH}, so the driver never holds the whole listing (docs/STORAGE.md,
 * "Listing"); the headers are read on the executors too (no sample is decoded). The other files are counted and a
 * few named (by name only: their content is not read here).
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

    /**
     * Root entries (files and sub-folders) per Spark job: a flat root of any size (an S3 prefix with millions of
     * objects) is streamed through the driver in batches of this many, never held whole.
     */
    static final int ROOT_BATCH = 50_000;

    /** Writes the manifest of {@code root} to {@code output} (replacing it); returns the number of files. */
    static long write(SparkSession spark, String root, String output, Skipped skipped) throws JobException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Storage.checkSchemes(conf, root, output);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<SerializableHadoopConf> broadcastConf = jsc.broadcast(new SerializableHadoopConf(conf));
        try {
            RemoteIterator<FileStatus> children = rootListing(root, conf);
            List<String> dirs = new ArrayList<>();
            List<Row> files = new ArrayList<>();
            SaveMode mode = SaveMode.Overwrite;
            while (children.hasNext()) {
                FileStatus child = children.next();
                if (child.isDirectory()) {
                    dirs.add(child.getPath().toString());
                } else if (child.isFile() && AudioLoader.isAudioFileName(child.getPath().getName())) {
                    files.add(row(child));
                } else {
                    skipped.add(child.getPath().toString(), 0);
                }
                if (dirs.size() + files.size() >= ROOT_BATCH) {
                    writeBatch(spark, jsc, broadcastConf, skipped, dirs, files, output, mode);
                    mode = SaveMode.Append;
                    dirs.clear();
                    files.clear();
                }
            }
            if (mode == SaveMode.Overwrite || !dirs.isEmpty() || !files.isEmpty()) {
                writeBatch(spark, jsc, broadcastConf, skipped, dirs, files, output, mode);
            }
        } catch (IOException e) {
            throw new JobException("Cannot list " + Storage.redact(root) + ": " + e.getMessage(), e);
        } finally {
            broadcastConf.unpersist();
        }
        return spark.read().parquet(output).count();
    }

    /** The root's direct entries, page by page as the file system serves them (S3A: 5000 keys per request). */
    private static RemoteIterator<FileStatus> rootListing(String root, Configuration conf)
            throws IOException, JobException {
        Path rootPath = new Path(root);
        FileSystem fs = rootPath.getFileSystem(conf);
        FileStatus status;
        try {
            status = fs.getFileStatus(rootPath);
        } catch (java.io.FileNotFoundException e) {
            throw new JobException("Cannot list: " + Storage.redact(root) + " does not exist");
        }
        if (!status.isDirectory()) {
            throw new JobException("Cannot list: " + Storage.redact(root) + " is not a folder");
        }
        return fs.listStatusIterator(rootPath);
    }

    /** One Spark job: the batch's root files, plus every file under its sub-folders (listed on the executors). */
    private static void writeBatch(SparkSession spark, JavaSparkContext jsc, Broadcast<SerializableHadoopConf> conf,
            Skipped skipped, List<String> dirs, List<Row> files, String output, SaveMode mode) {
        Dataset<Row> all = spark.createDataFrame(files, SCHEMA);
        if (!dirs.isEmpty()) {
            JavaRDD<Row> nested = jsc.parallelize(dirs, Math.min(dirs.size(), Math.max(1, jsc.defaultParallelism() * 4)))
                    .flatMap(new ListTree(conf, skipped));
            all = all.unionAll(spark.createDataFrame(nested, SCHEMA));
        }
        Dataset<Row> listed = all.withColumn("clip_id", ClipIds.fromPath(all.col("path")))
                .select("path", "clip_id", "size_bytes", "modified_at");
        withHeaders(listed, jsc, conf).write().mode(mode).parquet(output);
    }

    /** The listed files' rows with their header columns appended, read on the executors. */
    private static Dataset<Row> withHeaders(Dataset<Row> listed, JavaSparkContext jsc,
            Broadcast<SerializableHadoopConf> conf) {
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
            RemoteIterator<? extends FileStatus> files = filesUnder(path.getFileSystem(conf.value().get()), path);
            return new Iterator<>() {
                private Row next;
                private int skippedHere;

                @Override
                public boolean hasNext() {
                    try {
                        while (next == null && files.hasNext()) {
                            FileStatus f = files.next();
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

        /**
         * Every file under {@code dir}, lazily. Object stores serve {@code listFiles(dir, true)} as one flat paged
         * listing of the prefix; elsewhere a walk of plain listings is cheaper: the local file system's
         * {@code listFiles} builds a LocatedFileStatus per file, which (without Hadoop's native library) forks
         * {@code ls} for each file's owner and permissions, and HDFS's adds block locations nobody reads here.
         */
        static RemoteIterator<? extends FileStatus> filesUnder(FileSystem fs, Path dir) throws IOException {
            String scheme = fs.getUri().getScheme();
            if (!"file".equals(scheme) && !"hdfs".equals(scheme)) {
                return fs.listFiles(dir, true);
            }
            java.util.Deque<RemoteIterator<FileStatus>> stack = new java.util.ArrayDeque<>();
            stack.push(fs.listStatusIterator(dir));
            return new RemoteIterator<>() {
                private FileStatus next;

                @Override
                public boolean hasNext() throws IOException {
                    while (next == null && !stack.isEmpty()) {
                        if (!stack.peek().hasNext()) {
                            stack.pop();
                            continue;
                        }
                        FileStatus status = stack.peek().next();
                        if (status.isDirectory()) {
                            stack.push(fs.listStatusIterator(status.getPath()));
                        } else {
                            next = status;
                        }
                    }
                    return next != null;
                }

                @Override
                public FileStatus next() throws IOException {
                    if (!hasNext()) {
                        throw new java.util.NoSuchElementException();
                    }
                    FileStatus f = next;
                    next = null;
                    return f;
                }
            };
        }
    }
}
