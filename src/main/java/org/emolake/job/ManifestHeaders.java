package org.emolake.job;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.emolake.audio.AudioException;
import org.emolake.audio.AudioHeader;
import org.emolake.scoring.ClipPipeline;

import java.util.List;
import java.util.Set;

/**
 * The columns {@code emolake manifest} records from each file's header ({@code frames}, {@code sample_rate},
 * {@code channels}, {@code format}, {@code duration_s}, and {@code header_error} when the header cannot be read),
 * and the one way they are read: {@link ClipPipeline#probe} over the file's Hadoop stream, without decoding samples.
 * The scoring job plans long recordings from them, or probes the files itself when a manifest lacks them.
 */
final class ManifestHeaders {
    static final String FRAMES = "frames";
    static final String SAMPLE_RATE = "sample_rate";
    static final String CHANNELS = "channels";
    static final String FORMAT = "format";
    static final String DURATION = "duration_s";
    static final String HEADER_ERROR = "header_error";
    static final Set<String> COLUMNS = Set.of(FRAMES, SAMPLE_RATE, CHANNELS, FORMAT, DURATION, HEADER_ERROR);

    /** The header columns in manifest order. */
    static final List<StructField> FIELDS = List.of(
            DataTypes.createStructField(FRAMES, DataTypes.LongType, true),
            DataTypes.createStructField(SAMPLE_RATE, DataTypes.IntegerType, true),
            DataTypes.createStructField(CHANNELS, DataTypes.IntegerType, true),
            DataTypes.createStructField(FORMAT, DataTypes.StringType, true),
            DataTypes.createStructField(DURATION, DataTypes.DoubleType, true),
            DataTypes.createStructField(HEADER_ERROR, DataTypes.StringType, true));

    private ManifestHeaders() {
    }

    /** Whether a manifest carries the header columns the job plans from (at least frames and sample_rate). */
    static boolean present(List<String> manifestColumns) {
        return manifestColumns.contains(FRAMES) && manifestColumns.contains(SAMPLE_RATE);
    }

    /**
     * The header columns' values for one file, in {@link #FIELDS} order: nulls and the reason (error code and
     * message) when the header cannot be read.
     *
     * @param name     the path as the manifest names it
     * @param readPath the path to read (after any allowed-roots resolution)
     */
    static Object[] probe(ClipPipeline pipeline, String name, String readPath, Configuration conf) {
        try {
            AudioHeader h = pipeline.probe(new HadoopAudioSource(name, readPath, conf));
            return new Object[] {h.frames(), h.sampleRate(), h.channels(), h.format(), h.durationSeconds(), null};
        } catch (AudioException e) {
            return new Object[] {null, null, null, null, null, e.code().name() + ": " + e.getMessage()};
        } catch (RuntimeException e) {
            // a defect in one file's header parsing must cost that file its header, not the listing
            return new Object[] {null, null, null, null, null, "INTERNAL_ERROR: Cannot decode " + name + ": " + e};
        }
    }
}
