package org.emolake.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * Coverage-guided fuzzing of {@link AudioLoader#load(byte[], String)} with Jazzer.
 *
 * <p>Property: for any bytes, {@code load} either returns a finite signal of the length the decoded header announces
 * (source frames resampled to 22050 Hz), or throws {@link AudioException}; never another exception, never a hang
 * (each input runs under a {@link ClipDeadline} of 10 s, and a {@code TIMEOUT} counts as a failure), never an
 * allocation out of proportion to the input (measured with the thread's allocated-bytes counter).
 *
 * <p>Plain {@code mvn test} replays the committed seeds in
 * {@code src/test/resources/org/emolake/audio/AudioLoaderFuzzTestInputs/loadEitherDecodesOrRefuses/} (regression
 * mode). Fuzzing: {@code JAZZER_FUZZ=1 mvn -o test -Dtest=AudioLoaderFuzzTest -Djazzer.max_duration=60s}
 * (the CI run) or with {@code -Djazzer.max_duration=10m} or longer (the long run); see docs/RELIABILITY.md.
 */
class AudioLoaderFuzzTest {
    /** Short limit: a 1 Hz header makes a few bytes last an hour, which is legal but slow to resample. */
    private static final AudioLoader LOADER = new AudioLoader(30);
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    /** Decoded floats, mono mix and the 30-s output at 22050 Hz, plus slack: independent of the file's claims. */
    private static final long FIXED_ALLOWANCE = 64L << 20;

    static {
        // First use loads libsoxr through JNA and initialises classes: keep that out of the allocation measurement.
        try {
            LOADER.load(TestResources.bytes("audio/pcm_u8_mono_8000.wav"), "warm-up");
            LOADER.load(TestResources.bytes("audio/alaw_mono_8000.wav"), "warm-up");
        } catch (AudioException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void loadEitherDecodesOrRefuses(byte[] wav) {
        long threadId = Thread.currentThread().getId();
        long allocatedBefore = THREADS.getThreadAllocatedBytes(threadId);
        LoadedAudio audio;
        try {
            audio = ClipDeadline.run("fuzz.wav", Duration.ofSeconds(10), () -> LOADER.load(wav, "fuzz.wav"));
        } catch (AudioException e) {
            assertNotEquals(ErrorCode.TIMEOUT, e.code(), e.getMessage());
            assertTrue(e.getMessage().startsWith("Cannot decode fuzz.wav: "), e.getMessage());
            return;
        }
        long allocated = THREADS.getThreadAllocatedBytes(threadId) - allocatedBefore;
        // Only uncompressed audio is bounded by its byte count; a compressed stream (ADPCM, FLAC, MP3, ... read by
        // libsndfile) legitimately decodes to more samples than bytes, within the duration limit.
        boolean uncompressed = audio.sourceEncoding().bytesPerSample() > 0;
        assertTrue(!uncompressed || allocated < FIXED_ALLOWANCE + 16L * wav.length,
                "allocated " + allocated + " bytes for a " + wav.length + "-byte input");

        assertEquals(AudioLoader.TARGET_SAMPLE_RATE, audio.sampleRate());
        assertTrue(audio.sourceFrames() > 0 && audio.sourceChannels() > 0, audio.toString());
        assertTrue(!uncompressed || audio.sourceFrames() * audio.sourceChannels() <= wav.length,
                "more samples than bytes: " + audio.sourceFrames() + " x " + audio.sourceChannels());
        assertTrue(audio.durationSeconds() <= 30 + 1e-9, "over the duration limit: " + audio.durationSeconds());
        // librosa's length rule, ratio first: int(np.ceil(n * (target_sr / orig_sr))). The ratio's rounding can add
        // one sample to the exact quotient (297 frames at 243 Hz give 26951, not 26950): librosa keeps it, so do we.
        double ratio = (double) AudioLoader.TARGET_SAMPLE_RATE / audio.sourceSampleRate();
        long expected = audio.sourceSampleRate() == AudioLoader.TARGET_SAMPLE_RATE ? audio.sourceFrames()
                : (long) Math.ceil(audio.sourceFrames() * ratio);
        assertEquals(expected, audio.samples().length, "resampled length");
        for (int i = 0; i < audio.samples().length; i++) {
            if (!Float.isFinite(audio.samples()[i])) {
                throw new AssertionError("sample " + i + " is " + audio.samples()[i]);
            }
        }
    }
}
