package org.emolake.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile compressed corpus ({@code bad-input/compressed}, written by {@code make_compressed_bad_input.py} with
 * Debian's ffmpeg and sox) through {@link FfmpegDecoder}: each file decodes to a finite signal or is refused with the
 * code and reason {@code cases.json} names; never another exception, never a crash, never a hang (each file runs
 * under a 10-s {@link ClipDeadline}, and a timeout fails the test).
 */
class FfmpegDecoderBadInputTest {
    private static final String FOLDER = "bad-input/compressed/";

    record Case(String file, String what, String errorCode, String messageContains) {
        @Override
        public String toString() {
            return file + " (" + what + ")";
        }
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (JsonNode c : TestResources.json(FOLDER + "cases.json")) {
            cases.add(new Case(c.get("file").asText(), c.get("what").asText(),
                    c.get("error_code").isNull() ? null : c.get("error_code").asText(),
                    c.get("message_contains").isNull() ? null : c.get("message_contains").asText()));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachFileDecodesOrGivesItsTypedError(Case c) {
        byte[] bytes = TestResources.bytes(FOLDER + c.file());
        DecodedWav decoded;
        try {
            decoded = ClipDeadline.run(c.file(), Duration.ofSeconds(10),
                    () -> FfmpegDecoder.decode(ByteBuffer.wrap(bytes), c.file(), 3600));
        } catch (AudioException e) {
            if (c.errorCode() == null) {
                fail(c + " must decode, but: " + e.getMessage(), e);
            }
            assertEquals(c.errorCode(), e.code().name(), c + ": " + e.getMessage());
            assertTrue(e.getMessage().startsWith("Cannot decode " + c.file() + ": "), e.getMessage());
            assertTrue(e.getMessage().contains(c.messageContains()),
                    c + ": message lacks \"" + c.messageContains() + "\": " + e.getMessage());
            return;
        }
        if (c.errorCode() != null) {
            fail(c + " must give " + c.errorCode() + ", but decoded " + decoded.frames() + " frames of "
                    + decoded.channels() + " channels at " + decoded.sampleRate() + " Hz");
        }
        assertTrue(decoded.frames() > 0 && decoded.channels() > 0 && decoded.sampleRate() > 0, c.toString());
        assertEquals((long) decoded.frames() * decoded.channels(), decoded.samples().length, c.toString());
        for (float sample : decoded.samples()) {
            assertTrue(Float.isFinite(sample) && Math.abs(sample) <= 1, c + ": sample " + sample);
        }
    }
}
