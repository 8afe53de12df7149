package org.emolake.features;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Feature set v1: 110 values, for each block its per-row means then its per-row standard deviations. */
public final class FeatureSet {
    public static final String ID = "v1";
    public static final int SIZE = 110;
    /** Reference sample rate: every clip is loaded at this rate before feature extraction. */
    public static final int SAMPLE_RATE = 22050;

    private static final List<String> NAMES = buildNames();

    private FeatureSet() {
    }

    /** The 110 names of {@code feature_names()} in extract_features.py, in vector order. */
    public static List<String> names() {
        return NAMES;
    }

    /** Offset of a block's first mean in the vector. */
    static int offset(FeatureBlock block) {
        int offset = 0;
        for (FeatureBlock b : FeatureBlock.values()) {
            if (b == block) {
                return offset;
            }
            offset += 2 * b.rows();
        }
        throw new AssertionError(block);
    }

    private static List<String> buildNames() {
        List<String> names = new ArrayList<>(SIZE);
        for (FeatureBlock block : FeatureBlock.values()) {
            for (String stat : new String[] {"mean", "std"}) {
                for (int r = 0; r < block.rows(); r++) {
                    names.add(block.rows() == 1
                            ? block.id() + "_" + stat
                            : String.format("%s_%s_%02d", block.id(), stat, r));
                }
            }
        }
        if (names.size() != SIZE) {
            throw new AssertionError("feature set v1 has " + names.size() + " names");
        }
        return Collections.unmodifiableList(names);
    }
}
