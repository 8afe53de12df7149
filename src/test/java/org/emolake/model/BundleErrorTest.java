package org.emolake.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every broken bundle fails at load time with a typed code and a message naming the file and the fix. */
class BundleErrorTest {

    @TempDir
    Path dir;

    private ModelException loadFails(ModelException.Code code, String file) {
        ModelException e = assertThrows(ModelException.class, () -> ModelBundle.load(dir));
        assertEquals(code, e.code(), e.getMessage());
        assertTrue(e.getMessage().startsWith("Cannot load " + dir.resolve(file) + ": "), e.getMessage());
        assertTrue(e.getMessage().endsWith(")"), "message ends with the fix: " + e.getMessage());
        return e;
    }

    @Test
    void missingDirectory() {
        Path absent = dir.resolve("absent");
        ModelException e = assertThrows(ModelException.class, () -> ModelBundle.load(absent));
        assertEquals(ModelException.Code.NOT_A_DIRECTORY, e.code());
        assertTrue(e.getMessage().startsWith("Cannot load " + absent + ": no such directory"), e.getMessage());
    }

    @Test
    void missingModel() throws IOException {
        Fixtures.keras7Bundle(dir);
        Files.delete(dir.resolve(ModelBundle.MODEL_FILE));
        loadFails(ModelException.Code.MISSING_ARTIFACT, ModelBundle.MODEL_FILE);
    }

    @Test
    void missingScaler() throws IOException {
        Fixtures.keras7Bundle(dir);
        Files.delete(dir.resolve(ModelBundle.SCALER_JSON));
        loadFails(ModelException.Code.MISSING_ARTIFACT, ModelBundle.SCALER_PICKLE);
    }

    @Test
    void missingLabels() throws IOException {
        Fixtures.keras7Bundle(dir);
        Files.delete(dir.resolve(ModelBundle.LABELS_JSON));
        loadFails(ModelException.Code.MISSING_ARTIFACT, ModelBundle.LABELS_JSON);
    }

    @Test
    void twoScalers() {
        Fixtures.keras7PickleBundle(dir);
        Fixtures.write(dir, ModelBundle.SCALER_JSON, Fixtures.identityScalerJson(110).getBytes());
        loadFails(ModelException.Code.AMBIGUOUS_ARTIFACT, ModelBundle.SCALER_JSON);
    }

    @Test
    void moreLabelsThanOutputs() {
        Fixtures.keras7Bundle(dir);
        Fixtures.write(dir, ModelBundle.LABELS_JSON,
                "[\"angry\",\"calm\",\"disgust\",\"fearful\",\"happy\",\"neutral\",\"sad\",\"surprised\"]".getBytes());
        ModelException e = loadFails(ModelException.Code.LABEL_COUNT_MISMATCH, ModelBundle.MODEL_FILE);
        assertTrue(e.getMessage().contains("the model has 7 outputs but"), e.getMessage());
    }

    @Test
    void labelsThatAreNotStrings() {
        Fixtures.keras7Bundle(dir);
        Fixtures.write(dir, ModelBundle.LABELS_JSON, "[\"angry\", 3]".getBytes());
        loadFails(ModelException.Code.INVALID_LABELS, ModelBundle.LABELS_JSON);
    }

    @Test
    void scalerOfTheWrongLength() {
        Fixtures.keras7Bundle(dir);
        Fixtures.write(dir, ModelBundle.SCALER_JSON, Fixtures.identityScalerJson(100).getBytes());
        loadFails(ModelException.Code.SCALER_SIZE_MISMATCH, ModelBundle.SCALER_JSON);
    }

    @Test
    void scalerJsonWithNonNumbers() {
        Fixtures.keras7Bundle(dir);
        Fixtures.write(dir, ModelBundle.SCALER_JSON, "{\"mean\": [\"a\"], \"scale\": [1]}".getBytes());
        loadFails(ModelException.Code.INVALID_SCALER, ModelBundle.SCALER_JSON);
    }

    @Test
    void hostileScalerPickleInABundle() throws IOException {
        Fixtures.keras7Bundle(dir);
        Files.delete(dir.resolve(ModelBundle.SCALER_JSON));
        Fixtures.write(dir, ModelBundle.SCALER_PICKLE, Fixtures.bytes("hostile/os_system.pkl"));
        loadFails(ModelException.Code.UNSAFE_PICKLE, ModelBundle.SCALER_PICKLE);
    }

    @Test
    void unknownFeatureSet() {
        Fixtures.keras7Bundle(dir);
        Fixtures.write(dir, ModelBundle.METADATA_JSON, "{\"feature_set\": \"v9\"}".getBytes());
        loadFails(ModelException.Code.UNKNOWN_FEATURE_SET, ModelBundle.METADATA_JSON);
    }

    @Test
    void modelWithAnotherInputLength() {
        Fixtures.keras7Bundle(dir);
        Fixtures.write(dir, ModelBundle.MODEL_FILE, Fixtures.bytes("input-100/cnn_lstm_model.h5"));
        ModelException e = loadFails(ModelException.Code.INPUT_SHAPE_MISMATCH, ModelBundle.MODEL_FILE);
        assertTrue(e.getMessage().contains("[batch, 100, 1]"), e.getMessage());
    }

    @Test
    void truncatedModel() {
        Fixtures.keras7Bundle(dir);
        byte[] whole = Fixtures.bytes(Fixtures.KERAS7 + "model.h5");
        Fixtures.write(dir, ModelBundle.MODEL_FILE, Arrays.copyOf(whole, whole.length - 1000));
        ModelException e = loadFails(ModelException.Code.TRUNCATED, ModelBundle.MODEL_FILE);
        assertTrue(e.getMessage().contains(whole.length - 1000 + " bytes, the superblock declares " + whole.length),
                e.getMessage());
    }

    @Test
    void modelCutInsideTheSuperblock() {
        Fixtures.keras7Bundle(dir);
        Fixtures.write(dir, ModelBundle.MODEL_FILE, Arrays.copyOf(Fixtures.bytes(Fixtures.KERAS7 + "model.h5"), 20));
        loadFails(ModelException.Code.TRUNCATED, ModelBundle.MODEL_FILE);
    }

    @Test
    void modelThatIsNotHdf5() {
        Fixtures.keras7Bundle(dir);
        Fixtures.write(dir, ModelBundle.MODEL_FILE, "{\"class_name\": \"Sequential\"}".getBytes());
        loadFails(ModelException.Code.NOT_HDF5, ModelBundle.MODEL_FILE);
    }

    @Test
    void hdf5FileThatIsNotAKerasModel() {
        Fixtures.keras7Bundle(dir);
        Fixtures.write(dir, ModelBundle.MODEL_FILE, Fixtures.bytes("hostile/not_keras.h5"));
        ModelException e = loadFails(ModelException.Code.UNREADABLE_MODEL, ModelBundle.MODEL_FILE);
        assertTrue(e.getMessage().contains("no model_config"), e.getMessage());
    }

    @Test
    void modelConfigHoldingCodeIsNotRun() throws IOException {
        Path marker = Path.of("/tmp/emolake-pwned");
        Files.deleteIfExists(marker);
        Fixtures.keras7Bundle(dir);
        Fixtures.write(dir, ModelBundle.MODEL_FILE, Fixtures.bytes("hostile/model_config_not_json.h5"));
        loadFails(ModelException.Code.UNREADABLE_MODEL, ModelBundle.MODEL_FILE);
        assertTrue(Files.notExists(marker), "nothing was executed");
    }

    @Test
    void corruptModelBodyWithValidSuperblock() {
        Fixtures.keras7Bundle(dir);
        byte[] corrupt = Fixtures.bytes(Fixtures.KERAS7 + "model.h5");
        Arrays.fill(corrupt, 96, corrupt.length, (byte) 0x5A);
        Fixtures.write(dir, ModelBundle.MODEL_FILE, corrupt);
        loadFails(ModelException.Code.UNREADABLE_MODEL, ModelBundle.MODEL_FILE);
    }

    /** A zip is read as a .keras archive whatever its name; a cut-off one is reported as such. */
    @Test
    void truncatedKerasArchiveUnderTheH5Name() {
        Fixtures.keras7Bundle(dir);
        Fixtures.write(dir, ModelBundle.MODEL_FILE, new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0});
        ModelException e = loadFails(ModelException.Code.TRUNCATED, ModelBundle.MODEL_FILE);
        assertTrue(e.getMessage().contains(".keras zip archive is damaged or cut off"), e.getMessage());
    }

    @Test
    void truncatedKerasArchive() throws IOException {
        Fixtures.keras7Bundle(dir);
        Files.delete(dir.resolve(ModelBundle.MODEL_FILE));
        byte[] whole = Fixtures.bytes("keras3-cnn-lstm-6/model.keras");
        Fixtures.write(dir, ModelBundle.MODEL_ARCHIVE, Arrays.copyOf(whole, whole.length / 2));
        loadFails(ModelException.Code.TRUNCATED, ModelBundle.MODEL_ARCHIVE);
    }

    @Test
    void zipWithoutKerasEntries() throws IOException {
        Fixtures.keras7Bundle(dir);
        Files.delete(dir.resolve(ModelBundle.MODEL_FILE));
        java.io.ByteArrayOutputStream zip = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(zip)) {
            out.putNextEntry(new java.util.zip.ZipEntry("readme.txt"));
            out.write("not a model".getBytes());
        }
        Fixtures.write(dir, ModelBundle.MODEL_ARCHIVE, zip.toByteArray());
        ModelException e = loadFails(ModelException.Code.UNREADABLE_MODEL, ModelBundle.MODEL_ARCHIVE);
        assertTrue(e.getMessage().contains("has no config.json"), e.getMessage());
    }

    @Test
    void kerasArchiveUnderAnotherName() throws IOException {
        Fixtures.keras7Bundle(dir);
        Files.delete(dir.resolve(ModelBundle.MODEL_FILE));
        Fixtures.write(dir, "model.keras", new byte[] {'P', 'K', 3, 4});
        ModelException e = loadFails(ModelException.Code.KERAS3_ARCHIVE, "model.keras");
        assertTrue(e.getMessage().contains("rename it to cnn_lstm_model.keras"), e.getMessage());
    }

    @Test
    void savedModelFolderUnderTheH5Name() throws IOException {
        Fixtures.keras7Bundle(dir);
        Files.delete(dir.resolve(ModelBundle.MODEL_FILE));
        Fixtures.write(dir.resolve(ModelBundle.MODEL_FILE), "saved_model.pb", new byte[] {8, 1});
        ModelException e = loadFails(ModelException.Code.SAVED_MODEL, ModelBundle.MODEL_FILE);
        assertTrue(e.getMessage().contains("tf.keras 2"), e.getMessage());
    }

    @Test
    void fromBytesNamesTheArtifact() {
        ModelException e = assertThrows(ModelException.class, () -> ModelBundle.fromBytes(Map.of(
                ModelBundle.MODEL_FILE, new byte[] {1, 2, 3},
                ModelBundle.LABELS_JSON, Fixtures.bytes(Fixtures.KERAS7 + "labels.json"),
                ModelBundle.SCALER_JSON, Fixtures.identityScalerJson(110).getBytes())));
        assertEquals(ModelException.Code.NOT_HDF5, e.code());
        assertTrue(e.getMessage().startsWith("Cannot load cnn_lstm_model.h5: not an HDF5 file"), e.getMessage());
    }
}
