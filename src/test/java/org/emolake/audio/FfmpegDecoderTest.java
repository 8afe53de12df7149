package org.emolake.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link FfmpegDecoder} against the {@code ffmpeg} command line that librosa's audioread fallback runs: the fixtures
 * {@code ffmpeg/*.cli.s16le} are {@code ffmpeg -i CLIP -f s16le -} (Debian 12's ffmpeg 5.1, see their README).
 */
class FfmpegDecoderTest {
    static final String AAC = "golden-formats/audio/speech_enus_16000_mono_aac.m4a";

    @Test
    void theGoldenClipKeepsItsRateAndChannelsAndDropsThePrimingSamples() throws AudioException {
        DecodedWav decoded = FfmpegDecoder.decode(ByteBuffer.wrap(TestResources.bytes(AAC)), "aac.m4a", 3600);
        assertEquals(16000, decoded.sampleRate());
        assertEquals(1, decoded.channels());
        assertEquals(SampleEncoding.AUDIOREAD, decoded.encoding());
        assertEquals(49152, decoded.frames(), "49 AAC frames of 1024, less the 1024 priming samples of the edit list");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {AAC, "bad-input/compressed/good_mono_16000.m4a",
            "bad-input/compressed/good_stereo_44100_faststart.m4a", "bad-input/compressed/good_mono_16000.aac"})
    void decodesToTheCommandLinesSixteenBitSamplesOverScale(String clip) throws AudioException {
        DecodedWav decoded = FfmpegDecoder.decode(ByteBuffer.wrap(TestResources.bytes(clip)), clip, 3600);
        String name = clip.substring(clip.lastIndexOf('/') + 1);
        short[] cli = cliSamples(name.replace('.', '_') + ".cli.s16le");
        float[] expected = new float[cli.length];
        for (int i = 0; i < cli.length; i++) {
            expected[i] = cli[i] / 32768f;
        }
        assertEquals(cli.length, decoded.samples().length, "interleaved samples");
        assertArrayEquals(expected, decoded.samples());
    }

    @Test
    void readsOnlyBetweenPositionAndLimitAndLeavesTheBufferAlone() throws AudioException {
        byte[] aac = TestResources.bytes(AAC);
        byte[] padded = new byte[aac.length + 20];
        System.arraycopy(aac, 0, padded, 7, aac.length);
        ByteBuffer buffer = ByteBuffer.wrap(padded).position(7).limit(7 + aac.length);
        DecodedWav fromSlice = FfmpegDecoder.decode(buffer, "slice", 3600);
        assertEquals(7, buffer.position());
        ByteBuffer direct = ByteBuffer.allocateDirect(aac.length).put(aac).flip();
        DecodedWav fromDirect = FfmpegDecoder.decode(direct, "direct", 3600);
        DecodedWav plain = FfmpegDecoder.decode(ByteBuffer.wrap(aac), "plain", 3600);
        assertArrayEquals(plain.samples(), fromSlice.samples());
        assertArrayEquals(plain.samples(), fromDirect.samples());
    }

    @Test
    void theHeaderDurationIsCheckedBeforeDecoding() {
        AudioException e = assertThrows(AudioException.class,
                () -> FfmpegDecoder.decode(ByteBuffer.wrap(TestResources.bytes(AAC)), "aac.m4a", 2.5));
        assertEquals(ErrorCode.TOO_LONG, e.code());
        assertTrue(e.getMessage().startsWith("Cannot decode aac.m4a: the aac stream lasts 3.1 s by its header"),
                e.getMessage());
    }

    @Test
    void aDeadlineReachedInsideFfmpegsReadCallbackStopsTheClip() {
        byte[] aac = TestResources.bytes(AAC);
        AudioException e = assertThrows(AudioException.class, () -> ClipDeadline.run("aac.m4a", Duration.ZERO,
                () -> FfmpegDecoder.decode(ByteBuffer.wrap(aac), "aac.m4a", 3600)));
        assertEquals(ErrorCode.TIMEOUT, e.code(), e.getMessage());
    }

    @Test
    void concurrentCallsEachGetTheirOwnContexts() throws Exception {
        byte[] aac = TestResources.bytes(AAC);
        float[] expected = FfmpegDecoder.decode(ByteBuffer.wrap(aac), "aac", 3600).samples();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> FfmpegDecoder.decode(ByteBuffer.wrap(aac), "aac", 3600).samples()));
            }
            for (Future<float[]> result : results) {
                assertArrayEquals(expected, result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static short[] cliSamples(String reference) {
        ByteBuffer bytes = ByteBuffer.wrap(TestResources.bytes("ffmpeg/" + reference)).order(ByteOrder.LITTLE_ENDIAN);
        short[] samples = new short[bytes.remaining() / 2];
        bytes.asShortBuffer().get(samples);
        return samples;
    }
}
