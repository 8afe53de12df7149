package org.emolake.features;

import org.emolake.numerics.NumpyCasts;

/**
 * {@code librosa.feature.tonnetz(chroma=C)}: the six tonal-centroid coordinates (fifths, minor thirds, major thirds;
 * sine and cosine each) of every frame of a 12-bin chromagram.
 *
 * <p>As librosa: each frame is L1-normalized ({@link Normalize}, in the chroma's dtype: float32 chroma gives float32
 * normalized values) and multiplied by the float64 {@code 6 × 12} matrix {@code φ[p][c] = R[p] · cos(π · V[p][c])},
 * {@code V[p][c] = scale[p] · c} (minus 0.5 on the sine rows 0, 2, 4), scale (7/6, 7/6, 3/2, 3/2, 2/3, 2/3), radius
 * R (1, 1, 1, 1, 0.5, 0.5). The result is float64 {@code 6 × frames}, frame-major: index {@code frame * 6 + row}.
 * The chroma is read frame-major too: index {@code frame * 12 + chroma}.
 *
 * <p>The product sums the 12 terms sequentially; librosa's BLAS {@code dgemm} may order them differently (float64,
 * difference ~1e-16). Immutable and thread-safe.
 */
public final class Tonnetz {
    public static final int ROWS = 6;
    private static final int N_CHROMA = 12;
    private static final double[] PHI = transform();

    private Tonnetz() {
    }

    /** Tonnetz of a float32 chromagram (as {@code chroma_cqt} returns it). */
    public static double[] of(float[] chroma, int frames) {
        checkShape(chroma.length, frames);
        float[] normalized = Normalize.columns(chroma, N_CHROMA, Normalize.Norm.L1);
        return project(NumpyCasts.float64(normalized), frames);
    }

    /** Tonnetz of a float64 chromagram. */
    public static double[] of(double[] chroma, int frames) {
        checkShape(chroma.length, frames);
        return project(Normalize.columns(chroma, N_CHROMA, Normalize.Norm.L1), frames);
    }

    private static double[] project(double[] normalized, int frames) {
        double[] out = new double[frames * ROWS];
        for (int t = 0; t < frames; t++) {
            int in = t * N_CHROMA;
            for (int p = 0; p < ROWS; p++) {
                double sum = 0.0;
                for (int c = 0; c < N_CHROMA; c++) {
                    sum += PHI[p * N_CHROMA + c] * normalized[in + c];
                }
                out[t * ROWS + p] = sum;
            }
        }
        return out;
    }

    private static void checkShape(int length, int frames) {
        if (length != frames * N_CHROMA) {
            throw new IllegalArgumentException("Cannot compute tonnetz: " + length + " values is not " + frames
                    + " frames of 12 chroma");
        }
    }

    /** φ, row-major {@code p * 12 + c}. */
    private static double[] transform() {
        double[] scale = {7.0 / 6, 7.0 / 6, 3.0 / 2, 3.0 / 2, 2.0 / 3, 2.0 / 3};
        double[] radius = {1, 1, 1, 1, 0.5, 0.5};
        double[] phi = new double[ROWS * N_CHROMA];
        for (int p = 0; p < ROWS; p++) {
            for (int c = 0; c < N_CHROMA; c++) {
                // dim_map = np.linspace(0, 12, 12, endpoint=False) = 0, 1, ..., 11
                double v = scale[p] * c;
                if (p % 2 == 0) {
                    v -= 0.5;
                }
                phi[p * N_CHROMA + c] = radius[p] * Math.cos(Math.PI * v);
            }
        }
        return phi;
    }
}
