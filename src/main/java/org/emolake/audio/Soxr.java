package org.emolake.audio;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;

import java.util.ArrayList;
import java.util.List;

/**
 * The JNA binding of the few libsoxr 0.1.3 functions python-soxr calls ({@code soxr.h}). The library
 * is looked up once: {@code -Demolake.soxr.library}, then {@code $EMOLAKE_SOXR_LIBRARY}, then the copy bundled in
 * the jar ({@link BundledNatives}), or the system's {@code libsoxr.so.0} if {@code -Demolake.natives=system}.
 *
 * <p>The calls made once ({@code soxr_version}, the spec constructors) go through a JNA interface; the three made per
 * resampling ({@code soxr_create}, {@code soxr_process}, {@code soxr_delete}, up to 3 + chunks per call and 7 calls
 * per clip) are directly mapped static natives taking only pointers and primitives: no proxy, no structure
 * synchronisation by reflection, no {@code IntegerType} conversion. {@code size_t} is passed as a Java {@code long},
 * which the loader checks ({@link Native#SIZE_T_SIZE} is 8 on every 64-bit platform).
 */
final class Soxr {
    static final String LIBRARY_PROPERTY = "emolake.soxr.library";
    static final String LIBRARY_ENV = "EMOLAKE_SOXR_LIBRARY";

    /** soxr_datatype_t values for interleaved buffers. */
    static final int SOXR_FLOAT32_I = 0;
    static final int SOXR_FLOAT64_I = 1;
    /** soxr_quality_spec recipe SOXR_HQ (= SOXR_20_BITQ): python-soxr's and librosa's 'soxr_hq'. */
    static final long SOXR_HQ = 4;

    /** The C functions, by their C names. */
    interface Api extends Library {
        String soxr_version();

        QualitySpec.ByValue soxr_quality_spec(NativeLong recipe, NativeLong flags);

        IoSpec.ByValue soxr_io_spec(int itype, int otype);
    }

    /**
     * {@code soxr_create}: {@code error} points to a {@code soxr_error_t} slot, the specs to native copies
     * ({@link #ioSpec}, {@link #hqQualitySpec}); returns the resampler, or null with the error message in the slot.
     */
    static native Pointer soxr_create(double inputRate, double outputRate, int numChannels, Pointer error,
                                      Pointer ioSpec, Pointer qualitySpec, Pointer runtimeSpec);

    /** {@code soxr_process}: {@code ilen} and {@code olen} are {@code size_t}; returns null or the error message. */
    static native Pointer soxr_process(Pointer resampler, Pointer in, long ilen, Pointer idone,
                                       Pointer out, long olen, Pointer odone);

    static native void soxr_delete(Pointer resampler);

    /** {@code struct soxr_io_spec}. */
    @Structure.FieldOrder({"itype", "otype", "scale", "e", "flags"})
    public static class IoSpec extends Structure {
        public int itype;
        public int otype;
        public double scale;
        public Pointer e;
        public NativeLong flags;

        /** The by-value return of {@code soxr_io_spec}. */
        public static final class ByValue extends IoSpec implements Structure.ByValue {
        }
    }

    /** {@code struct soxr_quality_spec}. */
    @Structure.FieldOrder({"precision", "phase_response", "passband_end", "stopband_begin", "e", "flags"})
    public static class QualitySpec extends Structure {
        public double precision;
        public double phase_response;
        public double passband_end;
        public double stopband_begin;
        public Pointer e;
        public NativeLong flags;

        /** The by-value return of {@code soxr_quality_spec}. */
        public static final class ByValue extends QualitySpec implements Structure.ByValue {
        }
    }

    private Soxr() {
    }

    /**
     * Native memory holding {@code soxr_io_spec(datatype, datatype)} as libsoxr returned it once (JNA's by-value
     * structure returns are slow, docs/PERFORMANCE.md, and a clip resamples up to 7 times); shared and only read
     * ({@code soxr_create} copies what it needs).
     */
    static Pointer ioSpec(int datatype) {
        return switch (datatype) {
            case SOXR_FLOAT32_I -> Specs.FLOAT32_IO.getPointer();
            case SOXR_FLOAT64_I -> Specs.FLOAT64_IO.getPointer();
            default -> throw new IllegalArgumentException("Unsupported soxr datatype " + datatype);
        };
    }

    /** Native memory holding {@code soxr_quality_spec(SOXR_HQ, 0)} as libsoxr returned it once; only read. */
    static Pointer hqQualitySpec() {
        return Specs.HQ.getPointer();
    }

    private static final class Specs {
        // Each returned structure owns the native memory its value was copied into; nothing writes it afterwards.
        static final IoSpec FLOAT32_IO = library().soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I);
        static final IoSpec FLOAT64_IO = library().soxr_io_spec(SOXR_FLOAT64_I, SOXR_FLOAT64_I);
        static final QualitySpec HQ = library().soxr_quality_spec(new NativeLong(SOXR_HQ), new NativeLong(0));
    }

    /** The loaded library; throws {@link SoxrUnavailableException} if it cannot be loaded. */
    static Api library() {
        if (Holder.LIBRARY == null) {
            throw new SoxrUnavailableException(Holder.FAILURE_MESSAGE, Holder.FAILURE);
        }
        return Holder.LIBRARY;
    }

    private static final class Holder {
        static final Api LIBRARY;
        static final String FAILURE_MESSAGE;
        static final Throwable FAILURE;

        static {
            List<String> candidates = new ArrayList<>();
            String configured = System.getProperty(LIBRARY_PROPERTY);
            if (configured == null || configured.isBlank()) {
                configured = System.getenv(LIBRARY_ENV);
            }
            if (configured != null && !configured.isBlank()) {
                candidates.add(configured.trim());
            }
            Api loaded = null;
            Throwable failure = null;
            if (candidates.isEmpty()) {
                try {
                    if (BundledNatives.useSystemLibraries()) {
                        candidates.add("libsoxr.so.0");
                        candidates.add("soxr");
                    } else {
                        candidates.add(BundledNatives.path("libsoxr.so.0"));
                    }
                } catch (NativeLibraryUnavailableException e) {
                    failure = e;
                }
            }
            for (String candidate : candidates) {
                try {
                    if (Native.SIZE_T_SIZE != Long.BYTES) {
                        throw new UnsatisfiedLinkError("emolake's libsoxr binding needs a 64-bit platform (size_t of "
                                + Native.SIZE_T_SIZE + " bytes)");
                    }
                    loaded = Native.load(candidate, Api.class);
                    loaded.soxr_version();
                    Native.register(Soxr.class, NativeLibrary.getInstance(candidate));
                    break;
                } catch (UnsatisfiedLinkError | RuntimeException e) {
                    loaded = null;
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            LIBRARY = loaded;
            FAILURE = loaded == null ? failure : null;
            FAILURE_MESSAGE = loaded == null && candidates.isEmpty() ? failure.getMessage()
                    : loaded == null
                    ? "Cannot load libsoxr: " + (configured != null && !configured.isBlank()
                            ? "not loadable from " + configured.trim()
                            : candidates.size() == 1 ? "not loadable from the bundled " + candidates.get(0)
                                    + " (" + failure.getMessage() + ")" : "not found")
                      + " (install Debian/Ubuntu package libsoxr0, or set -D" + LIBRARY_PROPERTY
                      + "=/path/to/libsoxr.so.0 / env " + LIBRARY_ENV + ")"
                    : null;
        }
    }
}
