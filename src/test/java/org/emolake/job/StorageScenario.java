package org.emolake.job;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.emolake.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a user does with an archive, run through the command line ({@link Main#run}) against one storage location
 * (local folder, S3 bucket, HDFS folder): put the archive and the model bundle there, {@code manifest}, {@code score},
 * add clips, {@code manifest} and {@code score --incremental}, then {@code sql}. {@link #run} returns the lake's rows
 * with the location's prefix cut from every path, so that runs on different storage compare equal when they scored
 * the same clips the same way.
 */
final class StorageScenario {
    /** The lake's predictions and runs, location-independent: one line per row, sorted. */
    record Lake(List<String> predictions, List<String> runs) {
    }

    record Out(int exit, String out, String err) {
    }

    private StorageScenario() {
    }

    static Out main(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args, InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Out(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Out ok(String... args) {
        Out o = main(args);
        assertEquals(0, o.exit(), () -> String.join(" ", args) + "\nstdout:\n" + o.out() + "\nstderr:\n" + o.err());
        return o;
    }

    /**
     * The whole scenario under {@code base} (a URI with no trailing slash), with the clips and bundle of
     * {@code local} (made by {@link #makeInputs}) copied there through Hadoop's FileSystem; {@code lakeOptions} are
     * added to every command that opens the lake (e.g. its catalog).
     */
    static Lake run(String base, java.nio.file.Path local, Configuration conf, String tableFormat,
            String... lakeOptions) throws IOException {
        Path basePath = new Path(base);
        FileSystem fs = basePath.getFileSystem(conf);
        put(fs, new Path(local.resolve("archive").toUri()), new Path(base + "/archive"));
        put(fs, new Path(local.resolve("model").toUri()), new Path(base + "/models/v1"));

        Out manifest = ok("manifest", "--root", base + "/archive", "--output", base + "/manifests/first");
        assertTrue(manifest.out().contains(": 5 audio files under") && manifest.out().contains("1 other files skipped"),
                manifest.out());
        ok(with(lakeOptions, "score", "--manifest", base + "/manifests/first", "--model-dir", base + "/models/v1",
                "--lake", base + "/lake", "--table-format", tableFormat, "--run-id", "first", "--no-progress"));

        put(fs, new Path(local.resolve("later/new.wav").toUri()),
                new Path(base + "/archive/2026/12/new.wav"));
        ok("manifest", "--root", base + "/archive", "--output", base + "/manifests/second");
        ok(with(lakeOptions, "score", "--manifest", base + "/manifests/second", "--model-dir",
                base + "/models/v1", "--lake", base + "/lake", "--table-format", tableFormat, "--run-id", "second",
                "--incremental", "--no-progress"));

        Out predictions = ok(with(lakeOptions, "sql", "--lake", base + "/lake", "--format", "csv",
                "SELECT run_id, path, status, error_code, label, confidence, duration_s, source_sample_rate,"
                        + " to_json(probabilities) AS probabilities FROM predictions"));
        Out runs = ok(with(lakeOptions, "sql", "--lake", base + "/lake", "--format", "csv",
                "SELECT run_id, manifest, model_dir, table_format, clips, clips_ok, clips_error, clips_skipped"
                        + " FROM runs"));
        return new Lake(lines(predictions.out(), fs.makeQualified(basePath).toString()),
                lines(runs.out(), fs.makeQualified(basePath).toString()));
    }

    /**
     * The scenario run on local paths under {@code tmp} and under {@code remoteBase} (with {@code remoteLakeOptions}):
     * both give the same rows and runs, and those are the scenario's (first: 5 clips, one of them broken; second,
     * incremental: the new clip and the broken one again).
     */
    static void assertSameAsLocal(java.nio.file.Path tmp, Configuration conf, String tableFormat, String remoteBase,
            String... remoteLakeOptions) throws IOException {
        java.nio.file.Path inputs = makeInputs(tmp.resolve("inputs"));
        Lake local = run(new Path(tmp.resolve("local").toUri()).toString(), inputs, conf, tableFormat);
        Lake remote = run(remoteBase, inputs, conf, tableFormat, remoteLakeOptions);

        assertEquals(local.predictions(), remote.predictions());
        assertEquals(local.runs(), remote.runs());
        assertEquals(5 + 2 + 1, local.predictions().size(), String.join("\n", local.predictions()));
        assertTrue(local.runs().contains("first,<base>/manifests/first,<base>/models/v1," + tableFormat
                + ",5,4,1,0"), String.join("\n", local.runs()));
        assertTrue(local.runs().contains("second,<base>/manifests/second,<base>/models/v1," + tableFormat
                + ",2,1,1,4"), String.join("\n", local.runs()));
    }

    /** {@code args} with {@code options} inserted after the command name. */
    private static String[] with(String[] options, String... args) {
        List<String> all = new ArrayList<>();
        all.add(args[0]);
        all.addAll(List.of(options));
        all.addAll(List.of(args).subList(1, args.length));
        return all.toArray(String[]::new);
    }

    /**
     * Copies a local file or folder through {@link FileSystem#create} streams: S3A's copyFromLocalFile uploads through
     * the SDK's transfer manager, whose {@code x-amz-trailer} checksums S3Proxy does not implement (S3 does).
     */
    static void put(FileSystem fs, Path local, Path remote) throws IOException {
        FileUtil.copy(FileSystem.getLocal(fs.getConf()), local, fs, remote, false, true, fs.getConf());
    }

    /** The clips (5 audio files in nested folders, 1 other file), the later clip and the model bundle. */
    static java.nio.file.Path makeInputs(java.nio.file.Path dir) throws IOException {
        java.nio.file.Path archive = dir.resolve("archive");
        JobFixtures.clip(archive, "top.wav", 0);
        JobFixtures.clip(archive.resolve("2026/11"), "a.wav", 1);
        JobFixtures.clip(archive.resolve("2026/11"), "b.WAV", 2);
        JobFixtures.clip(archive.resolve("2026/12/deep/er"), "c.wav", 3);
        Files.write(archive.resolve("2026/12/broken.wav"), "RIFF but not a wave file".getBytes(StandardCharsets.UTF_8));
        Files.writeString(archive.resolve("2026/notes.txt"), "not audio");
        JobFixtures.clip(dir.resolve("later"), "new.wav", 4);
        JobFixtures.modelDir(dir);
        return dir;
    }

    /** CSV lines (header kept) with the location prefix cut, sorted. */
    private static List<String> lines(String csv, String qualifiedBase) {
        List<String> lines = new ArrayList<>();
        for (String line : csv.split("\n")) {
            if (!line.isBlank()) {
                lines.add(line.replace(qualifiedBase, "<base>"));
            }
        }
        lines.sort(null);
        return lines;
    }
}
