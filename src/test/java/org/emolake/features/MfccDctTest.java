package org.emolake.features;

import org.emolake.testing.Golden;
import org.emolake.testing.Tolerance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Given librosa's own mel power spectrogram, power_to_db and the DCT reproduce librosa's MFCCs within a few float32
 * ulps: power_to_db is bit-exact, the float64 DCT basis differs from scipy's float32 pocketfft by rounding only.
 */
class MfccDctTest {
    static final java.util.List<String> CLIPS = SpectralClips.DETAIL;

    @ParameterizedTest
    @FieldSource("CLIPS")
    void mfccOfLibrosaMelPowerEqualsLibrosa(String clip) {
        double[][] mel = Golden.matrix(Golden.json(clip).get("detail").get("mel_power").get("values"));
        float[][] mel32 = new float[mel.length][];
        for (int m = 0; m < mel.length; m++) {
            mel32[m] = new float[mel[m].length];
            for (int t = 0; t < mel32[m].length; t++) {
                mel32[m][t] = (float) mel[m][t];
            }
        }
        float[][] mfcc = Mfcc.librosaDefault().fromLogMel(PowerToDb.librosaDefault().apply(mel32));
        Tolerance.assertMatrixClose(clip + " mfcc from librosa mel", SpectralClips.expected(clip, "mfcc"),
                SpectralClips.widen(mfcc), 1e-5);
    }
}
