package org.emolake.audio;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code librosa.load(path, sr=22050, mono=True)} of every golden clip: the source description and the
 * sample count, and for the clips whose golden JSON keeps {@code detail.y}, every sample bit for bit.
 */
class AudioLoaderGoldenTest {
    private static final JsonNode CLIPS = TestResources.json("golden/audio_golden.json").get("clips");
    private static final AudioLoader LOADER = new AudioLoader();

    static Stream<Arguments> clips() {
        List<Arguments> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = CLIPS.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.add(Arguments.of(e.getKey(), e.getValue()));
        }
        return out.stream();
    }

    static Stream<Arguments> clipsWithSignal() {
        return clips().filter(a -> ((JsonNode) a.get()[1]).has("y"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clips")
    void describesTheSourceAndLength(String name, JsonNode clip) throws AudioException {
        LoadedAudio audio = load(clip);
        JsonNode source = clip.get("source");
        assertEquals(source.get("sample_rate").asInt(), audio.sourceSampleRate(), name + " sample rate");
        assertEquals(source.get("channels").asInt(), audio.sourceChannels(), name + " channels");
        assertEquals(source.get("frames").asLong(), audio.sourceFrames(), name + " frames");
        assertEquals(source.get("subtype").asText(), audio.sourceEncoding().name(), name + " subtype");
        assertEquals(clip.get("load").get("sr").asInt(), audio.sampleRate(), name + " sr");
        assertEquals(clip.get("load").get("n_samples").asInt(), audio.samples().length, name + " n_samples");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clipsWithSignal")
    void signalEqualsLibrosa(String name, JsonNode clip) throws AudioException {
        float[] expected = TestResources.floats(clip.get("y"));
        float[] actual = load(clip).samples();
        int at = TestResources.firstBitDifference(expected, actual);
        assertEquals(-1, at, () -> name + ": first difference at sample " + at + ", max abs diff "
                + TestResources.maxAbsDiff(expected, actual));
    }

    private static LoadedAudio load(JsonNode clip) throws AudioException {
        String file = clip.get("clip").asText();
        return LOADER.load(TestResources.bytes("golden/audio/" + file), file);
    }
}
