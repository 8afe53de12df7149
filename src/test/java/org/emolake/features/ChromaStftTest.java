package org.emolake.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import org.emolake.testing.Golden;
import org.emolake.testing.Tolerance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code chroma_stft(y=y, sr=22050)} frame by frame and its estimated tuning, against the golden clips. */
class ChromaStftTest {

    @ParameterizedTest
    @CsvSource({"speech_en_22050_mono_s16, 1e-5", "speech_fr_8000_mono_u8, 1e-3",
        "short_1500samples_22050_mono_s16, 1e-5"})
    void chromaOfDetailSignalEqualsLibrosa(String clip, double tolerance) {
        check(clip, Golden.floats(Golden.json(clip).get("detail").get("y")), tolerance);
    }

    @ParameterizedTest
    @CsvSource({"speech_en_22050_mono_s16, 1e-5", "speech_en_22050_mono_s16_clipped, 1e-5",
        "sine_440_22050_mono_s16, 1e-5", "silence_22050_mono_s16, 1e-5", "short_4096samples_22050_mono_s16, 1e-5",
        "short_1500samples_22050_mono_s16, 1e-5"})
    void chromaOf22050HzPcm16ClipEqualsLibrosa(String clip, double tolerance) {
        check(clip, Golden.y(clip), tolerance);
    }

    private static void check(String clip, float[] y, double tolerance) {
        JsonNode golden = Golden.json(clip);
        ChromaStft.Chroma chroma = ChromaStft.compute(Stft.librosaDefault().transform(y));
        assertEquals(golden.get("tuning").get("chroma_stft").asDouble(), chroma.tuning(), 0.0,
                clip + " tuning.chroma_stft");
        double[][] actual = new double[ChromaStft.N_CHROMA][chroma.frames()];
        for (int c = 0; c < ChromaStft.N_CHROMA; c++) {
            for (int t = 0; t < chroma.frames(); t++) {
                actual[c][t] = chroma.value(c, t);
            }
        }
        double error = Tolerance.assertMatrixClose(clip + " chroma", Golden.matrix(golden.get("frames").get("chroma")),
                actual, tolerance);
        System.out.printf("chroma_stft %s: tuning %s, max scaled error %.3g%n", clip, chroma.tuning(), error);
    }
}
