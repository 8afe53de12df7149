package org.emolake.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.emolake.audio.AudioException;
import org.emolake.audio.AudioLoader;

/** Access to the librosa 0.10.2 golden data copied under {@code src/test/resources/golden}. */
public final class Golden {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, JsonNode> CACHE = new ConcurrentHashMap<>();

    private Golden() {
    }

    /** The golden JSON of one clip (file name without {@code .json}) or {@code primitives}. */
    public static JsonNode json(String name) {
        return CACHE.computeIfAbsent(name, Golden::read);
    }

    public static JsonNode primitives() {
        return json("primitives");
    }

    /**
     * The clip as {@code librosa.load(path, sr=22050, mono=True)} gives it: the golden {@code detail.y} where the
     * JSON has it, else the clip loaded by {@link AudioLoader} (bit-identical to librosa: see AudioLoaderGoldenTest).
     */
    public static float[] y(String clip) {
        JsonNode detail = json(clip).get("detail");
        if (detail != null && detail.hasNonNull("y")) {
            return floats(detail.get("y"));
        }
        try {
            return new AudioLoader().load(audio(clip)).samples();
        } catch (AudioException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Path of a golden WAV clip. */
    public static Path audio(String clip) {
        try {
            return Paths.get(Golden.class.getResource("/golden/audio/" + clip + ".wav").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(String name) {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("No golden file " + name + ".json");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }

    public static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    /** A {@code [row][column]} matrix. */
    public static double[][] matrix(JsonNode rows) {
        double[][] out = new double[rows.size()][];
        for (int r = 0; r < out.length; r++) {
            out[r] = doubles(rows.get(r));
        }
        return out;
    }
}
