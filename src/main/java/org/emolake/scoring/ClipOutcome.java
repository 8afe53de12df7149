package org.emolake.scoring;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.emolake.audio.ErrorCode;
import org.emolake.audio.LoadedAudio;

/**
 * What the {@link ClipPipeline} made of one unit of one clip: {@link Ok} (features, and a classification when a
 * model was given) or {@link Error} (a code and a message naming the clip). Both keep what was learned about the
 * audio before the end ({@link AudioFacts}), so an error row still says how long the clip was.
 *
 * <p>The accessors below the two records ({@link #status()}, {@link #label()}, ...) are the flat view a table row
 * or a JSON line needs: null where the outcome has no such value.
 */
public sealed interface ClipOutcome permits ClipOutcome.Ok, ClipOutcome.Error {

    /** {@link #status()} of an {@link Ok}. */
    String OK = "ok";
    /** {@link #status()} of an {@link Error}. */
    String ERROR = "error";

    /**
     * What decoding told about the clip.
     *
     * @param samples          mono samples at 22050 Hz after loading
     * @param durationSeconds  duration of the source ({@code frames / source rate})
     * @param sourceSampleRate the file's sample rate
     */
    record AudioFacts(long samples, double durationSeconds, int sourceSampleRate) {
        static AudioFacts of(LoadedAudio audio) {
            return audio == null ? null
                    : new AudioFacts(audio.samples().length, audio.durationSeconds(), audio.sourceSampleRate());
        }
    }

    /**
     * The model's answer for one unit.
     *
     * @param label         the most probable class
     * @param confidence    its probability
     * @param probabilities every class's probability, in the model's output order
     */
    record Classification(String label, double confidence, Map<String, Double> probabilities) {
        public Classification {
            Objects.requireNonNull(label, "label");
            probabilities = Collections.unmodifiableMap(new LinkedHashMap<>(probabilities));
        }
    }

    /**
     * A unit that was decoded and featurized (and scored, when the pipeline has a model).
     *
     * @param source         the clip's name
     * @param audio          what decoding told; null for features computed elsewhere
     *                       ({@link ClipPipeline#classifyFeatures})
     * @param startSample    where the unit starts in the decoded clip (0 for the whole clip)
     * @param features       the 110 raw features when asked for; else null
     * @param classification the model's answer; null for a pipeline without a model
     * @param segment        which segment of a recording this is; null for a whole clip
     */
    record Ok(String source, AudioFacts audio, long startSample, double[] features, Classification classification,
              SegmentInfo segment) implements ClipOutcome {
        public Ok {
            Objects.requireNonNull(source, "source");
        }

        /** A whole clip. */
        public Ok(String source, AudioFacts audio, long startSample, double[] features, Classification classification) {
            this(source, audio, startSample, features, classification, null);
        }
    }

    /**
     * A clip (or unit) that could not be read, decoded, featurized or scored.
     *
     * @param source   the clip's name
     * @param code     an {@link ErrorCode} name, or a model error name ({@code NON_FINITE_FEATURE}, ...)
     * @param message  what went wrong, naming the clip
     * @param audio    what decoding told before the failure; null when it did not get that far
     * @param features the features the model refused, when asked for; else null
     * @param segment  which segment of a recording failed; null for a whole clip, or a recording that could not be
     *                 opened at all
     */
    record Error(String source, String code, String message, AudioFacts audio, double[] features,
                 SegmentInfo segment) implements ClipOutcome {
        public Error {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }

        /** A whole clip, or a recording that could not be opened. */
        public Error(String source, String code, String message, AudioFacts audio, double[] features) {
            this(source, code, message, audio, features, null);
        }
    }

    /** An error before anything was decoded. */
    static Error error(String source, ErrorCode code, String message) {
        return new Error(source, code.name(), message, null, null);
    }

    String source();

    AudioFacts audio();

    double[] features();

    /** Which segment of a recording this outcome is; null for a whole clip. */
    SegmentInfo segment();

    default boolean ok() {
        return this instanceof Ok;
    }

    default String status() {
        return ok() ? OK : ERROR;
    }

    default String errorCode() {
        return this instanceof Error e ? e.code() : null;
    }

    default String errorMessage() {
        return this instanceof Error e ? e.message() : null;
    }

    default String label() {
        return this instanceof Ok o && o.classification() != null ? o.classification().label() : null;
    }

    default Double confidence() {
        return this instanceof Ok o && o.classification() != null ? o.classification().confidence() : null;
    }

    default Map<String, Double> probabilities() {
        return this instanceof Ok o && o.classification() != null ? o.classification().probabilities() : null;
    }

    default Double durationSeconds() {
        return audio() == null ? null : audio().durationSeconds();
    }

    default Integer sourceSampleRate() {
        return audio() == null ? null : audio().sourceSampleRate();
    }

    /** The segment's index in its grid; null for a whole clip. */
    default Integer segmentIndex() {
        return segment() == null ? null : segment().index();
    }

    /** Where the segment starts in the recording, seconds; null for a whole clip. */
    default Double offsetSeconds() {
        return segment() == null ? null : segment().offsetSeconds();
    }

    /** Seconds of the recording the segment covers (native frames read / rate); null for a whole clip. */
    default Double segmentDurationSeconds() {
        return segment() == null ? null : segment().durationSeconds();
    }

    /**
     * The segment's RMS level in dBFS ({@link SegmentInfo#SILENCE_DBFS} for digital silence); null for a whole clip
     * and for a segment that failed before its audio was loaded.
     */
    default Double rmsDbfs() {
        return segment() == null || Double.isNaN(segment().rmsDbfs()) ? null : segment().rmsDbfs();
    }
}
