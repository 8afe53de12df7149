package org.emolake.scoring;

import java.util.Map;

/**
 * The result of scoring one clip: a prediction, or an error code and a message saying why there is none.
 *
 * @param status           {@link #OK} or {@link #ERROR}
 * @param errorCode        the error code (an {@code org.emolake.audio.ErrorCode} or model error name); null when ok
 * @param errorMessage     what went wrong, naming the file; null when ok
 * @param label            the most probable class; null on error
 * @param confidence       its probability; null on error
 * @param probabilities    every class's probability in the model's output order; null on error
 * @param durationSeconds  duration of the decoded clip; null when it could not be decoded
 * @param sourceSampleRate sample rate of the file; null when it could not be decoded
 * @param features         the 110 raw features (feature set v1) when asked for and computed; else null
 */
public record ClipOutcome(String status, String errorCode, String errorMessage, String label, Double confidence,
        Map<String, Double> probabilities, Double durationSeconds, Integer sourceSampleRate, double[] features) {

    public static final String OK = "ok";
    public static final String ERROR = "error";

    /** An error outcome for a clip that could not be read or decoded. */
    public static ClipOutcome error(String errorCode, String errorMessage) {
        return new ClipOutcome(ERROR, errorCode, errorMessage, null, null, null, null, null, null);
    }

    public boolean ok() {
        return OK.equals(status);
    }
}
