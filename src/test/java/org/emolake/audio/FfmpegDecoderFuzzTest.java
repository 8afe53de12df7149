package org.emolake.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * Coverage-guided fuzzing of {@link FfmpegDecoder#decode} (FFmpeg's demuxers and decoders, through JavaCPP) with
 * Jazzer.
 *
 * <p>Property: for any bytes, {@code decode} either returns interleaved samples in [-1, 1] of the length it reports,
 * within the 30-s limit (plus the one second of codec padding it allows), or throws {@link AudioException}; never
 * another exception, never a hang (10-s {@link ClipDeadline}; a {@code TIMEOUT} counts as a failure), never an
 * allocation out of proportion to the audio it returns. A native crash ends the fuzzing JVM, which Jazzer reports.
 *
 * <p>Plain {@code mvn test} replays the committed seeds in
 * {@code src/test/resources/org/emolake/audio/FfmpegDecoderFuzzTestInputs/decodeEitherDecodesOrRefuses/}. Fuzzing:
 * {@code JAZZER_FUZZ=1 mvn -o test -Dtest=FfmpegDecoderFuzzTest -Djazzer.max_duration=60s}; see docs/RELIABILITY.md.
 */
class FfmpegDecoderFuzzTest {
    private static final double LIMIT_SECONDS = 30;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    /** Codec and container state, the first output buffer, slack: independent of the input's claims. */
    private static final long FIXED_ALLOWANCE = 80L << 20;

    static {
        // First use loads FFmpeg's natives and JavaCPP's classes: keep that out of the allocation measurement.
        try {
            FfmpegDecoder.decode(ByteBuffer.wrap(TestResources.bytes(FfmpegDecoderTest.AAC)), "warm-up", 3600);
        } catch (AudioException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void decodeEitherDecodesOrRefuses(byte[] input) {
        long threadId = Thread.currentThread().getId();
        long allocatedBefore = THREADS.getThreadAllocatedBytes(threadId);
        DecodedWav decoded;
        try {
            decoded = ClipDeadline.run("fuzz.m4a", Duration.ofSeconds(10),
                    () -> FfmpegDecoder.decode(ByteBuffer.wrap(input), "fuzz.m4a", LIMIT_SECONDS));
        } catch (AudioException e) {
            assertNotEquals(ErrorCode.TIMEOUT, e.code(), e.getMessage());
            assertTrue(e.getMessage().startsWith("Cannot decode fuzz.m4a: "), e.getMessage());
            return;
        }
        long allocated = THREADS.getThreadAllocatedBytes(threadId) - allocatedBefore;
        float[] samples = decoded.samples();
        // Floats returned, a copy while growing and the 16-bit staging chunk: a small multiple of the output.
        assertTrue(allocated < FIXED_ALLOWANCE + 16L * samples.length,
                "allocated " + allocated + " bytes for " + samples.length + " samples");
        assertTrue(decoded.frames() > 0 && decoded.channels() > 0 && decoded.sampleRate() > 0, decoded.toString());
        assertEquals((long) decoded.frames() * decoded.channels(), samples.length, "interleaved length");
        assertTrue((double) decoded.frames() / decoded.sampleRate() <= LIMIT_SECONDS + 1 + 1e-9,
                "over the duration limit: " + decoded.frames() + " frames at " + decoded.sampleRate() + " Hz");
        for (int i = 0; i < samples.length; i++) {
            if (!(Math.abs(samples[i]) <= 1)) {
                throw new AssertionError("sample " + i + " is " + samples[i]);
            }
        }
    }
}
