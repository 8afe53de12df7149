package org.emolake.features;

/**
 * {@code librosa.power_to_db(S, ref=1.0, amin=1e-10, top_db=80.0)}: {@code 10·log10(max(amin, S)) −
 * 10·log10(max(amin, ref))}, then floored at {@code max − top_db} (the maximum over the whole matrix).
 *
 * <p>Precision follows the input as numpy's does: float64 matrices are computed in float64; float32 matrices stay
 * float32 ({@code log10} rounded to float32, times {@code 10} in float32, floor {@code max − top_db} in float32), which
 * is what MFCC uses. With a fixed {@code ref ≠ 1} the float32 result subtracts the float64 reference level and rounds
 * (numpy 2 promotion); with {@code ref=max} the level is computed in float32.
 *
 * <p>Immutable and thread-safe; variants are made with the {@code with…} methods.
 */
public final class PowerToDb {
    public static final double DEFAULT_AMIN = 1e-10;
    public static final double DEFAULT_TOP_DB = 80.0;

    private static final PowerToDb DEFAULT = new PowerToDb(false, 1.0, DEFAULT_AMIN, DEFAULT_TOP_DB);

    private final boolean refMax;
    private final double ref;
    private final double amin;
    /** {@code NaN} for {@code top_db=None}. */
    private final double topDb;

    private PowerToDb(boolean refMax, double ref, double amin, double topDb) {
        if (!(amin > 0)) {
            throw new IllegalArgumentException(
                    "Cannot build power_to_db: amin must be strictly positive (" + amin + ")");
        }
        if (topDb < 0) {
            throw new IllegalArgumentException("Cannot build power_to_db: top_db must be non-negative (" + topDb + ")");
        }
        this.refMax = refMax;
        this.ref = ref;
        this.amin = amin;
        this.topDb = topDb;
    }

    /** {@code ref=1.0, amin=1e-10, top_db=80.0}. */
    public static PowerToDb librosaDefault() {
        return DEFAULT;
    }

    /** The same with a fixed reference power ({@code ref=value}). */
    public PowerToDb withRef(double value) {
        return new PowerToDb(false, value, amin, topDb);
    }

    /** The same with {@code ref=np.max}: levels relative to the largest value of the matrix. */
    public PowerToDb withRefMax() {
        return new PowerToDb(true, 1.0, amin, topDb);
    }

    public PowerToDb withAmin(double value) {
        return new PowerToDb(refMax, ref, value, topDb);
    }

    public PowerToDb withTopDb(double value) {
        return new PowerToDb(refMax, ref, amin, value);
    }

    /** {@code top_db=None}: no floor. */
    public PowerToDb withoutTopDb() {
        return new PowerToDb(refMax, ref, amin, Double.NaN);
    }

    /** float64 in, float64 out; {@code s} is {@code [row][column]} and is not modified. */
    public double[][] apply(double[][] s) {
        double refDb;
        if (refMax) {
            double max = Double.NEGATIVE_INFINITY;
            for (double[] row : s) {
                for (double v : row) {
                    max = Math.max(max, Math.abs(v));
                }
            }
            refDb = 10.0 * Math.log10(Math.max(amin, max));
        } else {
            refDb = 10.0 * Math.log10(Math.max(amin, Math.abs(ref)));
        }
        double[][] out = new double[s.length][];
        double max = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < s.length; r++) {
            double[] in = s[r];
            double[] o = new double[in.length];
            for (int c = 0; c < in.length; c++) {
                double v = 10.0 * Math.log10(Math.max(amin, in[c]));
                v -= refDb;
                o[c] = v;
                max = Math.max(max, v);
            }
            out[r] = o;
        }
        if (!Double.isNaN(topDb)) {
            double floor = max - topDb;
            for (double[] o : out) {
                for (int c = 0; c < o.length; c++) {
                    o[c] = Math.max(o[c], floor);
                }
            }
        }
        return out;
    }

    /** float32 in, float32 out, rounded as numpy rounds float32; {@code s} is not modified. */
    public float[][] apply(float[][] s) {
        float[][] out = new float[s.length][];
        for (int r = 0; r < s.length; r++) {
            out[r] = s[r].clone();
        }
        applyInPlace(out);
        return out;
    }

    /** {@link #apply(float[][])} overwriting {@code s}. */
    public void applyInPlace(float[][] s) {
        float amin32 = (float) amin;
        float max = Float.NEGATIVE_INFINITY;
        float refLevel = 0f;
        boolean subtract;
        if (refMax) {
            float refValue = Float.NEGATIVE_INFINITY;
            for (float[] row : s) {
                for (float v : row) {
                    refValue = Math.max(refValue, Math.abs(v));
                }
            }
            refLevel = 10f * NumpyLog10f.log10(Math.max(amin32, refValue));
            subtract = true;
        } else {
            subtract = false;
        }
        double refDb = 10.0 * Math.log10(Math.max(amin, Math.abs(ref)));
        for (float[] row : s) {
            for (int c = 0; c < row.length; c++) {
                float v = 10f * NumpyLog10f.log10(Math.max(amin32, row[c]));
                if (subtract) {
                    v -= refLevel;
                } else if (refDb != 0.0) {
                    v = (float) (v - refDb);
                }
                row[c] = v;
                max = Math.max(max, v);
            }
        }
        if (!Double.isNaN(topDb)) {
            float floor = max - (float) topDb;
            for (float[] row : s) {
                for (int c = 0; c < row.length; c++) {
                    row[c] = Math.max(row[c], floor);
                }
            }
        }
    }
}
