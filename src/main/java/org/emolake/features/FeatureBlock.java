package org.emolake.features;

/**
 * The nine blocks of feature set v1 in vector order, with the dtype and memory layout librosa produces them in
 * (which fix how the reference sums their means and standard deviations).
 */
public enum FeatureBlock {
    MFCC("mfcc", 13, true, false),
    MFCC_DELTA("mfcc_delta", 13, true, false),
    CHROMA("chroma", 12, true, true),
    CONTRAST("contrast", 7, false, false),
    TONNETZ("tonnetz", 6, false, true),
    ZCR("zcr", 1, false, false),
    RMS("rms", 1, true, false),
    CENTROID("centroid", 1, false, false),
    ROLLOFF("rolloff", 1, false, false);

    private final String id;
    private final int rows;
    private final boolean float32;
    private final boolean fortranOrder;

    FeatureBlock(String id, int rows, boolean float32, boolean fortranOrder) {
        this.id = id;
        this.rows = rows;
        this.float32 = float32;
        this.fortranOrder = fortranOrder;
    }

    /** The block's name in the reference ({@code BLOCKS} in extract_features.py). */
    public String id() {
        return id;
    }

    public int rows() {
        return rows;
    }

    /** Whether librosa returns this block as float32 (else float64). */
    public boolean float32() {
        return float32;
    }

    /** Whether librosa returns this block F-ordered, so numpy sums its rows frame by frame. */
    public boolean fortranOrder() {
        return fortranOrder;
    }
}
