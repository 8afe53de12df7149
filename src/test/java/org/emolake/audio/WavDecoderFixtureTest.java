package org.emolake.audio;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every fixture written by {@code src/test/resources/audio/make_fixtures.py}: where libsndfile decodes
 * and we mean to, our samples equal soundfile's bit for bit and our downmix equals numpy's mean; where
 * we reject, the error code is the one the manifest names.
 */
class WavDecoderFixtureTest {
    private static final JsonNode MANIFEST = TestResources.json("audio/manifest.json");

    static Stream<Arguments> decodable() {
        return cases(true);
    }

    static Stream<Arguments> rejected() {
        return cases(false);
    }

    private static Stream<Arguments> cases(boolean decodable) {
        List<Arguments> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = MANIFEST.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().get("expect").has("error") != decodable) {
                out.add(Arguments.of(e.getKey(), e.getValue()));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decodable")
    void decodesLikeLibsndfile(String name, JsonNode c) throws AudioException {
        JsonNode expect = c.get("expect");
        DecodedWav wav = WavDecoder.decode(ByteBuffer.wrap(TestResources.bytes("audio/" + c.get("file").asText())),
                name, AudioLoader.DEFAULT_MAX_DURATION_SECONDS);
        assertEquals(expect.get("channels").asInt(), wav.channels(), name + " channels");
        assertEquals(expect.get("sample_rate").asInt(), wav.sampleRate(), name + " sample rate");
        assertEquals(expect.get("frames").asInt(), wav.frames(), name + " frames");
        assertEquals(expect.get("encoding").asText(), wav.encoding().name(), name + " encoding");
        float[] expected = TestResources.float32("audio/" + expect.get("samples").asText());
        int at = TestResources.firstBitDifference(expected, wav.samples());
        assertEquals(-1, at, () -> name + ": first sample differing from libsndfile at " + at
                + (at < expected.length && at < wav.samples().length
                        ? " (libsndfile " + expected[at] + ", ours " + wav.samples()[at] + ")" : " (length)"));
        if (expect.has("mono")) {
            float[] expectedMono = TestResources.float32("audio/" + expect.get("mono").asText());
            float[] mono = ToMono.mean(wav.samples(), wav.channels());
            int m = TestResources.firstBitDifference(expectedMono, mono);
            assertEquals(-1, m, () -> name + ": to_mono differs from numpy at frame " + m);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void rejectsWithTypedError(String name, JsonNode c) {
        ErrorCode expected = ErrorCode.valueOf(c.get("expect").get("error").asText());
        // The fixtures' duration case (one_hour_and_one_second_at_1hz) was made for a one-hour limit.
        AudioException e = assertThrows(AudioException.class, () -> WavDecoder.decode(
                ByteBuffer.wrap(TestResources.bytes("audio/" + c.get("file").asText())), name + ".wav", 3600));
        assertEquals(expected, e.code(), e.getMessage());
        assertTrue(e.getMessage().startsWith("Cannot decode " + name + ".wav: "), e.getMessage());
    }

    @Test
    void namesTheUnsupportedEncoding() {
        AudioException ima = assertThrows(AudioException.class, () -> WavDecoder.decode(
                ByteBuffer.wrap(TestResources.bytes("audio/ima_adpcm.wav")), "ima_adpcm.wav", 3600));
        assertEquals("Cannot decode ima_adpcm.wav: IMA ADPCM (0x0011)", ima.getMessage());
        AudioException mp3 = assertThrows(AudioException.class, () -> WavDecoder.decode(
                ByteBuffer.wrap(TestResources.bytes("audio/mp3_in_wav.wav")), "mp3_in_wav.wav", 3600));
        assertEquals("Cannot decode mp3_in_wav.wav: MPEG Layer 3 (0x0055)", mp3.getMessage());
    }

    @Test
    void reportsTheFirstNonFiniteSample() {
        AudioException e = assertThrows(AudioException.class, () -> WavDecoder.decode(
                ByteBuffer.wrap(TestResources.bytes("audio/float_nan.wav")), "float_nan.wav", 3600));
        assertEquals("Cannot decode float_nan.wav: sample NaN at frame 5, channel 1", e.getMessage());
    }

    @Test
    void honoursTheDurationLimit() throws AudioException {
        byte[] wav = TestResources.bytes("audio/pcm_16_stereo_44100.wav");
        double seconds = 300.0 / 44100;
        assertEquals(300, WavDecoder.decode(ByteBuffer.wrap(wav), "x", seconds).frames());
        AudioException e = assertThrows(AudioException.class,
                () -> WavDecoder.decode(ByteBuffer.wrap(wav), "x", seconds * 0.99));
        assertEquals(ErrorCode.TOO_LONG, e.code());
    }

    @Test
    void decodesOnlyBetweenPositionAndLimit() throws AudioException {
        byte[] wav = TestResources.bytes("audio/pcm_24_mono_48000.wav");
        byte[] framed = new byte[wav.length + 20];
        System.arraycopy(wav, 0, framed, 7, wav.length);
        ByteBuffer buffer = ByteBuffer.wrap(framed, 7, wav.length);
        DecodedWav inside = WavDecoder.decode(buffer, "framed", 3600);
        assertEquals(7, buffer.position());
        assertEquals(-1, TestResources.firstBitDifference(
                TestResources.float32("audio/pcm_24_mono_48000.f32"), inside.samples()));
    }
}
