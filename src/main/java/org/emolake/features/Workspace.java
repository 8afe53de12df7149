package org.emolake.features;

import java.lang.reflect.Array;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Work arrays that one thread reuses from clip to clip: the extraction's large temporaries (the clip's complex STFT,
 * HPSS's enhancements, mask, median-filter keys and harmonic STFT, the signals widened to float64 for the FFTs, the
 * power laid out by bin, ISTFT's window sum), 6.7 MB for a 3-s clip. Fresh arrays of that size are cold memory the
 * JVM must zero and the cache must fetch every clip; reused ones are warm (the gain is measured in
 * docs/PERFORMANCE.md, "work arrays kept per thread").
 *
 * <p>Contract for users inside this package: an array handed out for a {@link Slot} has <em>at least</em> the requested
 * length and <em>unspecified</em> contents (the previous clip's values); it is valid until the same slot is asked
 * for again, so each slot is used by one stage at a time, and no array from a workspace is ever returned to a caller
 * outside the package. Arrays longer than {@link #MAX_RETAINED_LENGTH} elements (clips longer than ~12 s) are not kept:
 * memory kept per thread stays bounded (~27 MB at most) while long clips cost what they did before.
 *
 * <p>Not thread-safe: one instance per thread ({@link FeatureExtractor} keeps one per thread that extracts).
 * {@link #NONE} retains nothing (fresh, zeroed arrays of exactly the requested length) and is shared by the blocks'
 * public one-call methods.
 */
class Workspace {
    /** Longest array kept: 2^19 elements (511 frames of 1025 bins ≈ 11.9 s at 22050 Hz). */
    static final int MAX_RETAINED_LENGTH = 1 << 19;

    /** Retains nothing, so it has no state and may be shared by all threads. */
    static final Workspace NONE = new Workspace(0);

    /** What each slot holds; stages that use the same slot never run interleaved. */
    enum Slot {
        /** A signal widened to float64 for one STFT or CQT octave (each in turn). */
        SIGNAL,
        /** The clip's complex64 STFT, for the whole clip. */
        STFT_RE,
        STFT_IM,
        /** The clip's power widened to float64, by bin, for the whole clip. */
        POWER_BY_BIN,
        /** HPSS: the two median-filtered magnitudes and the soft mask. */
        PERCUSSIVE,
        HARMONIC,
        MASK,
        /** The median filter's keys and results (one filter at a time). */
        MEDIAN_KEYS,
        MEDIANS,
        /** HPSS's harmonic STFT, until the ISTFT has read it. */
        HARMONIC_RE,
        HARMONIC_IM,
        /** ISTFT's window sum of squares. */
        WINDOW_SUM
    }

    private final int maxRetained;
    private final Map<Slot, float[]> floats = new EnumMap<>(Slot.class);
    private final Map<Slot, int[]> ints = new EnumMap<>(Slot.class);
    private final Map<Slot, double[]> doubles = new EnumMap<>(Slot.class);
    private final Map<Slot, double[][]> doubleRows = new EnumMap<>(Slot.class);

    Workspace() {
        this(MAX_RETAINED_LENGTH);
    }

    private Workspace(int maxRetained) {
        this.maxRetained = maxRetained;
    }

    float[] floats(Slot slot, int n) {
        return reuse(floats, slot, n, float[]::new);
    }

    int[] ints(Slot slot, int n) {
        return reuse(ints, slot, n, int[]::new);
    }

    double[] doubles(Slot slot, int n) {
        return reuse(doubles, slot, n, double[]::new);
    }

    /** {@code rows} arrays of at least {@code n} values each. */
    double[][] doubleRows(Slot slot, int rows, int n) {
        double[][] kept = doubleRows.get(slot);
        if (kept != null && kept.length == rows && (rows == 0 || kept[0].length >= n)) {
            return kept;
        }
        double[][] fresh = new double[rows][n];
        if ((long) rows * n <= maxRetained) {
            doubleRows.put(slot, fresh);
        }
        return fresh;
    }

    /** The slot's kept array if it holds {@code n} values, else a new one, kept unless longer than the limit. */
    private <A> A reuse(Map<Slot, A> kept, Slot slot, int n, IntFunction<A> allocate) {
        A array = kept.get(slot);
        if (array != null && Array.getLength(array) >= n) {
            return array;
        }
        A fresh = allocate.apply(n);
        if (n <= maxRetained) {
            kept.put(slot, fresh);
        }
        return fresh;
    }
}
