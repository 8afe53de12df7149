package org.emolake.features;

/**
 * {@code librosa.filters.cq_to_chroma(n_input, bins_per_octave, n_chroma=12, fmin=C1, window=None, base_c=True,
 * dtype=float32)}: the 0/1 matrix that sums the constant-Q bins of each pitch class.
 *
 * <p>Each chroma takes {@code bins_per_octave / n_chroma} consecutive bins per octave, centred on its note (the
 * block is rolled back by half its width), and the rows are rolled so that row 0 is C for the given {@code fmin}.
 * Stored row-major: index {@code chroma * n_input + bin}. Immutable.
 */
public final class CqToChroma {
    private final int nInput;
    private final int nChroma;
    private final float[] matrix;
    /** The non-zero entries by chroma row, for {@link #apply}. */
    private final int[] rowStart;
    private final int[] bins;
    private final float[] weights;

    public CqToChroma(int nInput, int binsPerOctave, int nChroma, double fmin) {
        if (binsPerOctave % nChroma != 0) {
            throw new IllegalArgumentException("Incompatible CQ merge: " + binsPerOctave
                    + " input bins per octave is not an integer multiple of " + nChroma + " chroma bins");
        }
        int merge = binsPerOctave / nChroma;
        double midi = 12 * (Math.log(fmin) / Math.log(2.0) - Math.log(440.0) / Math.log(2.0)) + 69;
        double midi0 = midi - 12 * Math.floor(midi / 12);
        int roll = (int) Math.rint(midi0 * (nChroma / 12.0));
        this.nInput = nInput;
        this.nChroma = nChroma;
        this.matrix = new float[nChroma * nInput];
        for (int bin = 0; bin < nInput; bin++) {
            // Column of the one-octave block before the roll by -(merge / 2) along bins.
            int blockColumn = Math.floorMod(bin % binsPerOctave + merge / 2, binsPerOctave);
            int chroma = Math.floorMod(blockColumn / merge + roll, nChroma);
            matrix[chroma * nInput + bin] = 1f;
        }
        rowStart = new int[nChroma + 1];
        bins = new int[nInput];
        weights = new float[nInput];
        int count = 0;
        for (int c = 0; c < nChroma; c++) {
            rowStart[c] = count;
            for (int bin = 0; bin < nInput; bin++) {
                if (matrix[c * nInput + bin] != 0f) {
                    bins[count] = bin;
                    weights[count++] = matrix[c * nInput + bin];
                }
            }
        }
        rowStart[nChroma] = count;
    }

    /** The matrix {@code chroma_cqt} uses: 252 bins, 36 per octave, 12 chroma, fmin C1. */
    public static CqToChroma chromaCqtDefault() {
        return new CqToChroma(Cqt.N_BINS, Cqt.BINS_PER_OCTAVE, 12, Cqt.C1);
    }

    public int nInput() {
        return nInput;
    }

    public int nChroma() {
        return nChroma;
    }

    public float get(int chroma, int bin) {
        return matrix[chroma * nInput + bin];
    }

    /**
     * {@code cq_to_chroma · C} in float32 for a frame-major magnitude matrix (index {@code frame * n_input + bin}),
     * frame-major out (index {@code frame * n_chroma + chroma}): each chroma the float32 sum of its bins, lowest
     * first.
     */
    public float[] apply(float[] cqt, int frames) {
        if (cqt.length != frames * nInput) {
            throw new IllegalArgumentException("CQT of " + cqt.length + " values is not " + frames + " x " + nInput);
        }
        float[] chroma = new float[frames * nChroma];
        for (int t = 0; t < frames; t++) {
            int in = t * nInput;
            int out = t * nChroma;
            for (int c = 0; c < nChroma; c++) {
                float sum = 0f;
                for (int j = rowStart[c]; j < rowStart[c + 1]; j++) {
                    sum += weights[j] * cqt[in + bins[j]];
                }
                chroma[out + c] = sum;
            }
        }
        return chroma;
    }
}
