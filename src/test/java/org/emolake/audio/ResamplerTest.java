package org.emolake.audio;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ResamplerTest {
    @Test
    void bindsTheSystemLibsoxr() {
        Resampler.checkAvailable();
        assertEquals("libsoxr-0.1.3", Resampler.libsoxrVersion());
    }

    @Test
    void theDirectlyMappedCreateReportsLibsoxrsErrorThroughItsOutParameter() {
        Soxr.library();
        Memory error = new Memory(Native.POINTER_SIZE);
        error.setPointer(0, null);
        Pointer resampler = Soxr.soxr_create(-1, 22050, 1, error, Soxr.ioSpec(Soxr.SOXR_FLOAT32_I),
                Soxr.hqQualitySpec(), null);
        assertNull(resampler);
        assertEquals("I/O ratio out-of-range", error.getPointer(0).getString(0));
    }

    @Test
    void equalRatesReturnTheInput() {
        float[] y = {1, 2, 3};
        assertSame(y, Resampler.resample(y, 22050, 22050, false));
    }

    @Test
    void emptyInputGivesEmptyOutput() {
        assertEquals(0, Resampler.resample(new float[0], 44100, 22050, false).length);
        assertEquals(0, Resampler.resample(new double[0], 8000, 22050, true).length);
    }

    /**
     * librosa computes the length as {@code ceil(n * (target_sr / orig_sr))}, ratio first. For 297 samples at 243 Hz
     * the exact quotient is 26950 but the rounded ratio gives 26950.000000000004, so librosa returns 26951 samples.
     */
    @Test
    void outputLengthFollowsLibrosaRatioFirstRounding() {
        assertEquals(26951, Resampler.resample(new float[297], 243, 22050, false).length);
        assertEquals(26950, (int) Math.ceil(297.0 * 22050 / 243), "the exact quotient this case differs from");
    }

    @Test
    void rejectsNonPositiveRates() {
        assertThrows(IllegalArgumentException.class, () -> Resampler.resample(new float[4], 0, 22050, false));
        assertThrows(IllegalArgumentException.class, () -> Resampler.resample(new float[4], 8000, Double.NaN, false));
    }

    /** Longer than one python-soxr input chunk (48000 * in / out samples), so several process calls run. */
    @Test
    void concurrentCallsGiveTheSameResultAsSequentialOnes() throws Exception {
        Random random = new Random(3);
        float[] y = new float[250_000];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) random.nextGaussian() * 0.1f;
        }
        float[] sequential = Resampler.resample(y, 44100, 22050, false);
        assertEquals(125_000, sequential.length);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> Resampler.resample(y, 44100, 22050, false)));
            }
            for (Future<float[]> r : results) {
                assertArrayEquals(sequential, r.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** In a fresh JVM pointed at a missing library, checkAvailable fails with the documented message. */
    @Test
    void missingLibraryGivesTheInstallHint() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "-D" + Soxr.LIBRARY_PROPERTY + "=/nonexistent/libsoxr.so.0", CheckAvailableMain.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), out);
        assertEquals("Cannot load libsoxr: not loadable from /nonexistent/libsoxr.so.0 (install Debian/Ubuntu"
                + " package libsoxr0, or set -Demolake.soxr.library=/path/to/libsoxr.so.0 / env EMOLAKE_SOXR_LIBRARY)", out);
    }

    /** Prints what {@link Resampler#checkAvailable()} throws. */
    static final class CheckAvailableMain {
        public static void main(String[] args) {
            try {
                Resampler.checkAvailable();
                System.out.println("available");
            } catch (SoxrUnavailableException e) {
                System.out.println(e.getMessage());
            }
        }
    }
}
