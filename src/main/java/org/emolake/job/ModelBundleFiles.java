package org.emolake.job;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.emolake.model.BundleFolder;
import org.emolake.model.ModelBundle;
import org.emolake.model.ModelException;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A model bundle folder wherever it lives: a location without a scheme is a folder on this machine's disk (the
 * driver's, as before); one with a scheme ({@code file:}, {@code hdfs:}, {@code s3a:}, ...) is read through Hadoop's
 * FileSystem. The layout checks are {@link ModelBundle}'s, the same for both.
 */
public final class ModelBundleFiles {
    /** Bundle files are small; anything bigger is not a bundle file and is not read into memory. */
    private static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;

    private ModelBundleFiles() {
    }

    /** Loads the bundle at {@code location} (model inspect), with {@link Storage#standaloneConfiguration()}. */
    public static ModelBundle load(String location) throws ModelException, JobException {
        return ModelBundle.load(folder(location, Storage.standaloneConfiguration()));
    }

    /** The bytes of the bundle's files, to broadcast to the executors. */
    static Map<String, byte[]> read(String location, Configuration conf) throws ModelException, JobException {
        return ModelBundle.readArtifacts(folder(location, conf));
    }

    /** The folder at {@code location}: local without a scheme, else through Hadoop. */
    static BundleFolder folder(String location, Configuration conf) throws JobException {
        Path path;
        try {
            path = new Path(location);
        } catch (IllegalArgumentException e) {
            throw new JobException("bad model bundle location '" + Storage.redact(location) + "': " + e.getMessage(), e);
        }
        if (path.toUri().getScheme() == null) {
            return BundleFolder.local(java.nio.file.Path.of(location));
        }
        Storage.checkScheme(location, conf);
        try {
            return new HadoopFolder(path.getFileSystem(conf), path);
        } catch (IOException e) {
            throw new JobException("Cannot open the model bundle " + Storage.redact(location) + ": " + e.getMessage(), e);
        }
    }

    /** A bundle folder on a Hadoop FileSystem. */
    private record HadoopFolder(FileSystem fs, Path dir) implements BundleFolder {
        @Override
        public String location() {
            return Storage.redact(fs.makeQualified(dir).toString());
        }

        @Override
        public Kind kind(String name) throws IOException {
            return kindOf(new Path(dir, name));
        }

        @Override
        public Kind kind() throws IOException {
            return kindOf(dir);
        }

        @Override
        public List<String> names() throws IOException {
            List<String> names = new ArrayList<>();
            for (FileStatus status : fs.listStatus(dir)) {
                names.add(status.getPath().getName());
            }
            return names;
        }

        @Override
        public byte[] read(String name) throws IOException {
            Path file = new Path(dir, name);
            long length = fs.getFileStatus(file).getLen();
            if (length > MAX_FILE_BYTES) {
                throw new IOException(length + " bytes, too big for a bundle file");
            }
            byte[] bytes = new byte[(int) length];
            try (FSDataInputStream in = fs.open(file)) {
                in.readFully(0, bytes);
            }
            return bytes;
        }

        private Kind kindOf(Path p) throws IOException {
            try {
                return fs.getFileStatus(p).isDirectory() ? Kind.FOLDER : Kind.FILE;
            } catch (FileNotFoundException e) {
                return Kind.MISSING;
            }
        }
    }
}
