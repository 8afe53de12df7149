package org.emolake.job;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.emolake.audio.ErrorCode;

import java.io.FileNotFoundException;
import java.io.IOException;

/**
 * Reads a manifest row's clip through the Hadoop FileSystem API on an executor: the one file-reading code path of
 * scoring ({@link ClipScorer}) and of training feature extraction ({@link LabelledFeatureExtractor}).
 */
final class ClipReader {
    /** Files above this size are not read into memory (a clip of that size is not speech to score). */
    static final long MAX_FILE_BYTES = 512L * 1024 * 1024;

    /** The file's bytes, or why there are none ({@code bytes} null, {@code errorCode} and {@code message} set). */
    record Read(byte[] bytes, ErrorCode errorCode, String message) {
        boolean ok() {
            return bytes != null;
        }

        static Read error(ErrorCode code, String message) {
            return new Read(null, code, message);
        }
    }

    private ClipReader() {
    }

    static Read read(String pathString, Configuration conf) {
        return read(pathString, pathString, conf);
    }

    /**
     * Reads {@code readPath} (the manifest's {@code pathString} after any allowed-roots resolution); messages name
     * {@code pathString}, as the manifest does.
     */
    static Read read(String pathString, String readPath, Configuration conf) {
        if (pathString == null || pathString.isBlank()) {
            return Read.error(ErrorCode.MISSING_PATH,
                    "the manifest row has no path (" + (pathString == null ? "NULL" : "blank") + ")");
        }
        try {
            Path path = new Path(readPath);
            FileSystem fs = path.getFileSystem(conf);
            FileStatus status = fs.getFileStatus(path);
            if (!status.isFile()) {
                return Read.error(ErrorCode.NOT_A_FILE, pathString + ": not a regular file");
            }
            long length = status.getLen();
            if (length > MAX_FILE_BYTES) {
                return Read.error(ErrorCode.TOO_LONG,
                        pathString + ": " + length + " bytes, more than the " + MAX_FILE_BYTES + " read into memory");
            }
            byte[] bytes = new byte[(int) length];
            try (FSDataInputStream in = fs.open(path)) {
                in.readFully(0, bytes);
            }
            return new Read(bytes, null, null);
        } catch (FileNotFoundException e) {
            return Read.error(ErrorCode.FILE_NOT_FOUND, pathString + ": file not found");
        } catch (IOException | IllegalArgumentException e) {
            return Read.error(ErrorCode.UNREADABLE, pathString + ": " + e.getMessage());
        }
    }
}
