package org.emolake.job;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * What a lake is, written once by its first run: {@code LAKE/_emolake_lake.properties} with the table format and
 * (Iceberg) the catalog kind. Every later run and query opens the lake the same way, so a lake never holds runs in
 * two formats or two catalogs that each hide the other's. A file, not a table: it must be readable before the
 * catalog is known. (The leading underscore keeps it out of Spark's and Hadoop's listings of data files.)
 */
record LakeRecord(Lake.Format format, LakeCatalog.Kind catalog) {
    static final String FILE = "_emolake_lake.properties";

    /** The record of the lake at {@code root}, or null for a lake written before lakes recorded themselves. */
    static LakeRecord read(Configuration conf, String root) throws JobException {
        Path path = new Path(root, FILE);
        try {
            FileSystem fs = path.getFileSystem(conf);
            if (!fs.exists(path)) {
                return null;
            }
            Properties p = new Properties();
            p.load(new StringReader(new String(recordBytes(fs, path), StandardCharsets.UTF_8)));
            Lake.Format format = Lake.Format.parse(p.getProperty("table_format", ""));
            String catalog = p.getProperty("catalog");
            return new LakeRecord(format, catalog == null ? null : LakeCatalog.Kind.parse(catalog));
        } catch (IOException e) {
            throw new JobException("cannot read " + path + ": " + e.getMessage(), e);
        } catch (JobException e) {
            throw new JobException("the lake record " + path + " is damaged: " + e.getMessage(), e);
        }
    }

    /**
     * The record's bytes. The first run creates the file exclusively (so the first run's record wins) and writes it
     * on close: a run starting at that moment can find it empty, and waits for it (at most 2 s).
     */
    private static byte[] recordBytes(FileSystem fs, Path path) throws IOException {
        for (int attempt = 1; ; attempt++) {
            byte[] bytes;
            try (InputStream in = fs.open(path)) {
                bytes = in.readAllBytes();
            }
            if (bytes.length > 0 || attempt == 5) {
                return bytes;
            }
            try {
                Thread.sleep(200L * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for another run to write " + path, e);
            }
        }
    }

    /** Writes the record unless one exists (two first runs at once write the same content, or the second is refused later). */
    void writeIfAbsent(Configuration conf, String root) throws JobException {
        Path path = new Path(root, FILE);
        Properties p = new Properties();
        p.setProperty("table_format", format.lower());
        if (catalog != null) {
            p.setProperty("catalog", catalog.lower());
        }
        StringWriter text = new StringWriter();
        try {
            p.store(text, "emolake lake: how its tables are written (see docs/JOB.md, \"One lake, one format\")");
            FileSystem fs = path.getFileSystem(conf);
            if (fs.exists(path)) {
                return;
            }
            try (FSDataOutputStream out = fs.create(path, false)) {
                out.write(text.toString().getBytes(StandardCharsets.UTF_8));
            }
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
            // written by a run that started at the same time
        } catch (IOException e) {
            throw new JobException("Cannot score: cannot write " + path + ": " + e.getMessage(), e);
        }
    }
}
