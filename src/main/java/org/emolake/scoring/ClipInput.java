package org.emolake.scoring;

/**
 * A clip whose file is already in memory (read by the caller, e.g. from HDFS or S3 by the Spark job).
 *
 * @param path  the clip's path or URI as the manifest names it
 * @param bytes the whole file as read from storage
 */
public record ClipInput(String path, byte[] bytes) implements AudioSource {
    @Override
    public String name() {
        return path;
    }

    @Override
    public byte[] read(long maxBytes) {
        return bytes;
    }
}
