package org.emolake.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import org.emolake.testing.Golden;
import org.emolake.testing.Tolerance;
import org.junit.jupiter.api.Test;

class StftTest {

    @Test
    void periodicHannEqualsScipy() {
        // Within one float64 ulp: numpy's vectorised cos and Java's Math.cos may round the last bit differently.
        double[] expected = Golden.doubles(Golden.primitives().get("hann_window").get("values"));
        assertArrayEquals(expected, Windows.periodicHann(2048), 2.3e-16);
    }

    @Test
    void signConventionMatchesNumpyRfft() {
        // numpy: rfft(sin(2*pi*3*n/N))[3] = -i*N/2
        int n = 2048;
        double[] window = new double[n];
        java.util.Arrays.fill(window, 1.0);
        Stft stft = new Stft(n, n, window);
        float[] y = new float[2 * n];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) Math.sin(2 * Math.PI * 3 * i / n);
        }
        // Frame 1 starts at sample n/2 (centred), where the sine has turned sign: its bin 3 is +i*N/2.
        Spectrogram s = stft.transform(y);
        assertEquals(0.0, s.re(3, 1), 1e-3);
        assertEquals(n / 2.0, s.im(3, 1), 1e-2);
    }

    @Test
    void magnitudeEqualsLibrosaForEveryDetailClip() {
        for (String clip : new String[] {"speech_en_22050_mono_s16", "speech_fr_8000_mono_u8",
            "short_1500samples_22050_mono_s16"}) {
            JsonNode detail = Golden.json(clip).get("detail");
            float[] y = Golden.floats(detail.get("y"));
            Spectrogram s = Stft.librosaDefault().transform(y);
            double[][] expected = Golden.matrix(detail.get("stft_magnitude").get("values"));
            float[] magnitude = s.magnitude();
            double[][] actual = new double[s.bins()][s.frames()];
            for (int f = 0; f < s.bins(); f++) {
                for (int t = 0; t < s.frames(); t++) {
                    actual[f][t] = magnitude[t * s.bins() + f];
                }
            }
            Tolerance.assertMatrixClose(clip + " stft magnitude", expected, actual, 1e-6);
        }
    }
}
