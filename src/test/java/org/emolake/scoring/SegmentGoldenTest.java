package org.emolake.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.emolake.testing.Golden;
import org.emolake.testing.GoldenFeatures;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every segment of the golden recordings ({@code golden-segments/}: 30 s of 44.1 kHz stereo WAV, 42 s of 8 kHz mono
 * FLAC), read by range through {@link ClipPipeline#segments}, against librosa's
 * {@code load(offset=k*1.5, duration=3.0)} features, with the whole-clip tolerances of docs/PARITY.md.
 */
@Timeout(180)
class SegmentGoldenTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ClipPipeline FEATURES = ClipPipeline.featuresOnly(ScoringLimits.defaults());

    static Stream<String> recordings() {
        return Stream.of("call_en_44100_stereo", "call_en_8000_mono");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordings")
    void everySegmentMatchesLibrosa(String recording) throws Exception {
        JsonNode golden;
        try (InputStream in = SegmentGoldenTest.class.getResourceAsStream("/golden-segments/" + recording + ".json")) {
            golden = JSON.readTree(in);
        }
        Path audio = resource("/golden-segments/audio/" + golden.get("file").asText());
        JsonNode source = golden.get("source");
        SegmentGrid grid = new SegmentGrid(golden.get("window_s").asDouble(), golden.get("hop_s").asDouble());
        AudioSource file = AudioSource.file(audio);

        assertEquals(source.get("frames").asLong(), FEATURES.probe(file).frames(), "header frames");
        List<ClipOutcome> outcomes = FEATURES.segments(file, grid, 0, Integer.MAX_VALUE, true);
        JsonNode segments = golden.get("segments");
        assertEquals(segments.size(), outcomes.size(), "segment count");
        boolean resampled = source.get("samplerate").asInt() != 22050;
        for (int k = 0; k < segments.size(); k++) {
            JsonNode expected = segments.get(k);
            String context = recording + " segment " + k;
            ClipOutcome.Ok ok = assertInstanceOf(ClipOutcome.Ok.class, outcomes.get(k), context);
            assertEquals(expected.get("index").asInt(), ok.segmentIndex(), context);
            assertEquals(expected.get("offset_s").asDouble(), ok.offsetSeconds(), 0.0, context);
            assertEquals(expected.get("n_samples").asLong(), ok.segment().samples(), context + " n_samples");
            GoldenFeatures.assertMatches(context, Golden.doubles(expected.get("features")), ok.features(), resampled);
        }
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(SegmentGoldenTest.class.getResource(name).toURI());
    }
}
