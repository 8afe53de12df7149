package org.emolake.model;

import java.util.Arrays;

/**
 * The result for one input row: either class probabilities with the top label, or a row error.
 * Probabilities are in {@link ModelBundle#labels()} order and are always finite.
 */
public final class Prediction {

    /** Why a row could not be scored; the rest of its batch is unaffected. */
    public enum ErrorCode {
        /** The row is null or its length is not the model's feature count. */
        WRONG_FEATURE_COUNT,
        /** The row holds NaN or an infinite value. */
        NON_FINITE_FEATURE,
        /** A finite value that scales beyond the float32 range the network computes in. */
        FEATURE_OUT_OF_RANGE,
        /** The network produced a non-finite probability for this row. */
        NON_FINITE_OUTPUT
    }

    private final double[] probabilities;
    private final String label;
    private final double confidence;
    private final ErrorCode errorCode;
    private final String errorMessage;

    private Prediction(double[] probabilities, String label, double confidence, ErrorCode errorCode,
                       String errorMessage) {
        this.probabilities = probabilities;
        this.label = label;
        this.confidence = confidence;
        this.errorCode = errorCode;
        this.errorMessage = errorMessage;
    }

    static Prediction ok(double[] probabilities, String label, double confidence) {
        return new Prediction(probabilities, label, confidence, null, null);
    }

    static Prediction error(ErrorCode code, String message) {
        return new Prediction(null, null, 0.0, code, message);
    }

    public boolean isOk() {
        return errorCode == null;
    }

    /** Class probabilities in label order. */
    public double[] probabilities() {
        requireOk();
        return probabilities.clone();
    }

    /** The most probable label. */
    public String label() {
        requireOk();
        return label;
    }

    /** The probability of {@link #label()}. */
    public double confidence() {
        requireOk();
        return confidence;
    }

    public ErrorCode errorCode() {
        requireError();
        return errorCode;
    }

    public String errorMessage() {
        requireError();
        return errorMessage;
    }

    private void requireOk() {
        if (!isOk()) {
            throw new IllegalStateException("row was not scored: " + errorCode + ": " + errorMessage);
        }
    }

    private void requireError() {
        if (isOk()) {
            throw new IllegalStateException("row was scored successfully");
        }
    }

    @Override
    public String toString() {
        return isOk()
                ? "Prediction[" + label + " " + confidence + " " + Arrays.toString(probabilities) + "]"
                : "Prediction[" + errorCode + ": " + errorMessage + "]";
    }
}
