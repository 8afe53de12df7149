package org.emolake.audio;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * {@code librosa.resample(y, orig_sr=, target_sr=, res_type='soxr_hq', fix=True, scale=)} (librosa
 * 0.10.2) on a 1-D signal, computed by libsoxr itself.
 *
 * <p>libsoxr is driven exactly as python-soxr 0.3's {@code soxr.resample(x, in_rate, out_rate, 'HQ')}
 * drives it: {@code soxr_create} with float32 (or float64) interleaved I/O, {@code
 * soxr_quality_spec(SOXR_HQ, 0)} and the default runtime; the input fed in chunks of
 * {@code int(48000 * in_rate / out_rate)} samples into an output buffer of
 * {@code ceil(ilen * out_rate / in_rate)}; then one flush call with no input. librosa then pads with
 * zeros or cuts to {@code ceil(n * target_sr / orig_sr)} samples and, with {@code scale}, divides by
 * {@code sqrt(target_sr / orig_sr)}. Equal rates return the input unchanged, as librosa does.
 *
 * <p>Thread-safe: every call creates and deletes its own libsoxr resampler; native buffers are per thread.
 */
public final class Resampler {
    private Resampler() {
    }

    /**
     * Loads libsoxr now, so a job fails at start-up with a clear message instead of on its first clip.
     *
     * @throws SoxrUnavailableException with the message {@code Cannot load libsoxr: ...} naming the fix
     */
    public static void checkAvailable() {
        Soxr.library();
    }

    /** The loaded library's version string, e.g. {@code libsoxr-0.1.3}. */
    public static String libsoxrVersion() {
        return Soxr.library().soxr_version();
    }

    /**
     * Resamples float32 samples (librosa on a float32 array).
     *
     * @throws IllegalArgumentException if a rate is not positive and finite, or the output would not
     *                                  fit in an array
     * @throws SoxrUnavailableException if libsoxr cannot be loaded
     */
    public static float[] resample(float[] y, double origSr, double targetSr, boolean scale) {
        checkRates(origSr, targetSr);
        if (origSr == targetSr) {
            return y;
        }
        double ratio = targetSr / origSr;
        int outLength = outputLength(y.length, ratio);
        float[] out = new float[outLength];
        if (y.length > 0) {
            NativeBuffers buffers = NativeBuffers.forThisThread();
            Memory input = buffers.input(4L * y.length);
            input.write(0, y, 0, y.length);
            NativeOutput result = run(buffers, input, y.length, Float.BYTES, Soxr.SOXR_FLOAT32_I, origSr, targetSr);
            result.buffer.read(0, out, 0, (int) Math.min(result.length, outLength));
        }
        if (scale) {
            // The golden data shows numpy 1.x value-based casting: the float64 scalar sqrt(ratio) is
            // cast to float32 and the division is done in float32.
            float divisor = (float) Math.sqrt(ratio);
            for (int i = 0; i < outLength; i++) {
                out[i] /= divisor;
            }
        }
        return out;
    }

    /**
     * Resamples float64 samples (librosa on a float64 array).
     *
     * @throws IllegalArgumentException if a rate is not positive and finite, or the output would not
     *                                  fit in an array
     * @throws SoxrUnavailableException if libsoxr cannot be loaded
     */
    public static double[] resample(double[] y, double origSr, double targetSr, boolean scale) {
        checkRates(origSr, targetSr);
        if (origSr == targetSr) {
            return y;
        }
        double ratio = targetSr / origSr;
        int outLength = outputLength(y.length, ratio);
        double[] out = new double[outLength];
        if (y.length > 0) {
            NativeBuffers buffers = NativeBuffers.forThisThread();
            Memory input = buffers.input(8L * y.length);
            input.write(0, y, 0, y.length);
            NativeOutput result = run(buffers, input, y.length, Double.BYTES, Soxr.SOXR_FLOAT64_I, origSr, targetSr);
            result.buffer.read(0, out, 0, (int) Math.min(result.length, outLength));
        }
        if (scale) {
            double divisor = Math.sqrt(ratio);
            for (int i = 0; i < outLength; i++) {
                out[i] /= divisor;
            }
        }
        return out;
    }

    private static void checkRates(double origSr, double targetSr) {
        if (!(origSr > 0 && Double.isFinite(origSr) && targetSr > 0 && Double.isFinite(targetSr))) {
            throw new IllegalArgumentException(
                    "Cannot resample: rates must be positive and finite (orig_sr=" + origSr + ", target_sr=" + targetSr + ")");
        }
    }

    /** librosa's {@code int(np.ceil(n * ratio))}. */
    private static int outputLength(int n, double ratio) {
        double length = Math.ceil(n * ratio);
        if (length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("Cannot resample: " + n + " samples at ratio " + ratio
                    + " give " + (long) length + " samples, too many for one array");
        }
        return (int) length;
    }

    private record NativeOutput(Memory buffer, long length) {
    }

    /**
     * Native input and output buffers kept per thread between calls, up to {@link #RETAINED_BYTES} each: a fresh
     * {@code malloc} of a few hundred KB per call is an {@code mmap} whose pages fault in on first touch
     * (docs/PERFORMANCE.md). Larger requests get a buffer of their own, freed with it.
     */
    private static final class NativeBuffers {
        private static final long RETAINED_BYTES = 4L << 20;
        private static final ThreadLocal<NativeBuffers> PER_THREAD = ThreadLocal.withInitial(NativeBuffers::new);

        final Memory odone = new Memory(com.sun.jna.Native.SIZE_T_SIZE);
        /** {@code soxr_create}'s {@code soxr_error_t} out-parameter. */
        final Memory error = new Memory(com.sun.jna.Native.POINTER_SIZE);
        private final Retained input = new Retained();
        private final Retained output = new Retained();

        static NativeBuffers forThisThread() {
            return PER_THREAD.get();
        }

        Memory input(long bytes) {
            return input.atLeast(bytes);
        }

        Memory output(long bytes) {
            return output.atLeast(bytes);
        }

        /** One buffer, grown (doubling, up to {@link #RETAINED_BYTES}) as calls need. */
        private static final class Retained {
            private Memory memory;

            Memory atLeast(long bytes) {
                if (bytes > RETAINED_BYTES) {
                    return new Memory(bytes);
                }
                if (memory == null || memory.size() < bytes) {
                    long doubled = 2 * (memory == null ? 0 : memory.size());
                    memory = new Memory(Math.min(RETAINED_BYTES, Math.max(bytes, doubled)));
                }
                return memory;
            }
        }
    }

    /** python-soxr 0.3 {@code cysoxr_divide_proc} for one channel. */
    private static NativeOutput run(NativeBuffers buffers, Memory input, long ilen, int sampleBytes, int datatype,
            double inRate, double outRate) {
        Soxr.library(); // loads the library and registers the natives, or throws SoxrUnavailableException
        long olen = (long) Math.ceil(ilen * outRate / inRate);
        long chunk = (long) (48000 * inRate / outRate);
        Memory output = buffers.output(olen * sampleBytes);
        Memory odone = buffers.odone;

        buffers.error.setPointer(0, null);
        Pointer resampler = Soxr.soxr_create(inRate, outRate, 1, buffers.error, Soxr.ioSpec(datatype),
                Soxr.hqQualitySpec(), null);
        Pointer error = buffers.error.getPointer(0);
        if (error != null || resampler == null) {
            if (resampler != null) {
                Soxr.soxr_delete(resampler);
            }
            throw new IllegalArgumentException("Cannot resample from " + inRate + " Hz to " + outRate
                    + " Hz: libsoxr says " + (error != null ? error.getString(0) : "no resampler"));
        }
        try {
            long outPos = 0;
            long idx = 0;
            while (idx + chunk < ilen) {
                outPos += process(resampler, input.share(idx * sampleBytes), chunk,
                        output, outPos, olen, sampleBytes, odone);
                idx += chunk;
            }
            if (idx < ilen) {
                outPos += process(resampler, input.share(idx * sampleBytes), ilen - idx,
                        output, outPos, olen, sampleBytes, odone);
            }
            if (outPos < olen) {
                outPos += process(resampler, null, 0, output, outPos, olen, sampleBytes, odone);
            }
            return new NativeOutput(output, outPos);
        } finally {
            Soxr.soxr_delete(resampler);
        }
    }

    private static long process(Pointer resampler, Pointer in, long ilen,
                                Memory output, long outPos, long olen, int sampleBytes, Memory odone) {
        Pointer error = Soxr.soxr_process(resampler, in, ilen, null, output.share(outPos * sampleBytes),
                olen - outPos, odone);
        if (error != null) {
            throw new IllegalStateException("Cannot resample: libsoxr soxr_process failed: " + error.getString(0));
        }
        return odone.getLong(0);
    }
}
