package org.emolake.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Pickles written by the real scikit-learn and joblib (make_pickles.py) read back exactly, hostile ones never run. */
class JoblibPickleTest {

    private static JsonNode expected;

    @BeforeAll
    static void readExpected() throws IOException {
        expected = new ObjectMapper().readTree(Fixtures.bytes("pickles/scaler_expected.json"));
    }

    @ParameterizedTest(name = "protocol {0}, compress {1}")
    @CsvSource({"2,0", "2,3", "3,0", "3,3", "4,0", "4,3", "5,0", "5,3"})
    void readsStandardScalerAtEveryProtocolPlainAndZlib(int protocol, int compress) throws ModelException {
        String file = "scaler_p" + protocol + "_c" + compress + ".pkl";
        StandardScaler scaler = StandardScaler.fromJoblib(Fixtures.bytes("pickles/" + file), file);
        assertEquals(110, scaler.size());
        assertArrayEquals(array(expected.get("mean")), scaler.mean(), 0.0);
        assertArrayEquals(array(expected.get("scale")), scaler.scale(), 0.0);
        assertEquals(1.0, scaler.scale()[17], 0.0, "zero-variance feature keeps sklearn's scale 1");
        assertTransformMatchesSklearn(scaler, "probe_scaled");
    }

    @Test
    void readsGzipCompressedScaler() throws ModelException {
        StandardScaler scaler = StandardScaler.fromJoblib(Fixtures.bytes("pickles/scaler_gzip.pkl"), "f");
        assertArrayEquals(array(expected.get("mean")), scaler.mean(), 0.0);
        assertArrayEquals(array(expected.get("scale")), scaler.scale(), 0.0);
    }

    @Test
    void honoursWithMeanFalse() throws ModelException {
        StandardScaler scaler = StandardScaler.fromJoblib(Fixtures.bytes("pickles/scaler_without_mean.pkl"), "f");
        assertArrayEquals(new double[110], scaler.mean(), 0.0);
        assertTransformMatchesSklearn(scaler, "probe_scaled_without_mean");
    }

    @Test
    void honoursWithStdFalseWhereScaleIsNone() throws ModelException {
        StandardScaler scaler = StandardScaler.fromJoblib(Fixtures.bytes("pickles/scaler_without_std.pkl"), "f");
        for (double s : scaler.scale()) {
            assertEquals(1.0, s, 0.0);
        }
        assertTransformMatchesSklearn(scaler, "probe_scaled_without_std");
    }

    @Test
    void readsLabelEncoderClassesOfEveryDtype() throws ModelException {
        List<String> labels = List.of("angry", "disgust", "fearful", "happy", "neutral", "sad", "surprised");
        assertEquals(labels, BundleLabels.fromJoblib(Fixtures.bytes("pickles/label_encoder.pkl"), "f"));
        assertEquals(labels, BundleLabels.fromJoblib(Fixtures.bytes("pickles/label_encoder_object_dtype.pkl"), "f"));
        assertEquals(List.of("1", "2", "3"),
                BundleLabels.fromJoblib(Fixtures.bytes("pickles/label_encoder_integers.pkl"), "f"));
    }

    @Test
    void refusesAnEstimatorOfTheWrongRole() {
        ModelException e = assertThrows(ModelException.class,
                () -> StandardScaler.fromJoblib(Fixtures.bytes("pickles/label_encoder.pkl"), "scaler.pkl"));
        assertEquals(ModelException.Code.INVALID_SCALER, e.code());
        assertTrue(e.getMessage().contains("found LabelEncoder"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "os_system.pkl, posix.system, /tmp/emolake-pickle-marker-os-system",
        "builtins_eval.pkl, __builtin__.eval, /tmp/emolake-pickle-marker-eval",
        "subprocess_popen.pkl, subprocess.Popen, /tmp/emolake-pickle-marker-popen",
        "scaler_with_payload.pkl, posix.system, /tmp/emolake-pickle-marker-nested",
        "min_max_scaler.pkl, sklearn.preprocessing._data.MinMaxScaler, /tmp/emolake-pickle-marker-none"})
    void refusesHostileAndUnexpectedGlobalsWithoutRunningThem(String file, String global, String marker)
            throws IOException {
        Files.deleteIfExists(Path.of(marker));
        ModelException e = assertThrows(ModelException.class,
                () -> StandardScaler.fromJoblib(Fixtures.bytes("hostile/" + file), file));
        assertEquals(ModelException.Code.UNSAFE_PICKLE, e.code());
        assertTrue(e.getMessage().startsWith("Cannot load " + file + ": the pickle references " + global),
                e.getMessage());
        assertFalse(Files.exists(Path.of(marker)), "the pickle payload ran");
    }

    @ParameterizedTest
    @ValueSource(strings = {"scaler_p2_c0.pkl", "scaler_p4_c3.pkl", "scaler_p5_c0.pkl"})
    void reportsTruncatedScalerPickles(String file) {
        byte[] whole = Fixtures.bytes("pickles/" + file);
        byte[] half = Arrays.copyOf(whole, whole.length / 2);
        ModelException e = assertThrows(ModelException.class, () -> StandardScaler.fromJoblib(half, file));
        assertEquals(ModelException.Code.INVALID_SCALER, e.code());
        assertTrue(e.getMessage().startsWith("Cannot load " + file + ": not a readable joblib pickle"), e.getMessage());
    }

    @Test
    void reportsTruncatedLabelEncoderAsInvalidLabels() {
        byte[] whole = Fixtures.bytes("pickles/label_encoder.pkl");
        ModelException e = assertThrows(ModelException.class,
                () -> BundleLabels.fromJoblib(Arrays.copyOf(whole, whole.length - 20), "label_encoder.pkl"));
        assertEquals(ModelException.Code.INVALID_LABELS, e.code());
    }

    private static void assertTransformMatchesSklearn(StandardScaler scaler, String expectedKey) {
        JsonNode raw = expected.get("probe_raw");
        JsonNode scaled = expected.get(expectedKey);
        for (int row = 0; row < raw.size(); row++) {
            for (int i = 0; i < 110; i++) {
                double want = scaled.get(row).get(i).asDouble();
                assertEquals(want, scaler.transform(raw.get(row).get(i).asDouble(), i), 1e-12 * Math.max(1, Math.abs(want)));
            }
        }
    }

    private static double[] array(JsonNode node) {
        double[] out = new double[node.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = node.get(i).asDouble();
        }
        return out;
    }
}
