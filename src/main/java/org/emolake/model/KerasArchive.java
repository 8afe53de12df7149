package org.emolake.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;

/** Reads a Keras 3 {@code .keras} archive: a zip of {@code config.json}, {@code metadata.json} and {@code model.weights.h5}. */
final class KerasArchive {

    static final String CONFIG = "config.json";
    static final String METADATA = "metadata.json";
    static final String WEIGHTS = "model.weights.h5";
    /** Larger entries are refused rather than inflated: the seed model's weights take about 0.5 MB. */
    private static final long MAX_ENTRY_BYTES = 1L << 30;

    private KerasArchive() {
    }

    static boolean isZip(byte[] bytes) {
        return bytes.length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4;
    }

    /** The translated config and the weights of the archive {@code bytes}. */
    static KerasModelFile.Config read(byte[] bytes, String file) throws ModelException {
        Map<String, byte[]> entries = entries(bytes, file);
        for (String required : new String[] {CONFIG, WEIGHTS}) {
            if (!entries.containsKey(required)) {
                throw new ModelException(ModelException.Code.UNREADABLE_MODEL, file,
                        "the .keras archive has no " + required + " (entries: " + entries.keySet() + ")",
                        "save the whole model with model.save('cnn_lstm_model.keras')");
            }
        }
        ObjectMapper json = new ObjectMapper();
        JsonNode config;
        String kerasVersion;
        try {
            config = json.readTree(entries.get(CONFIG));
            kerasVersion = entries.containsKey(METADATA)
                    ? json.readTree(entries.get(METADATA)).path("keras_version").asText("3") : "3";
        } catch (IOException e) {
            throw new ModelException(ModelException.Code.UNREADABLE_MODEL, file,
                    "config.json or metadata.json of the .keras archive is not valid JSON: " + e.getMessage(),
                    "save the model again with model.save('cnn_lstm_model.keras')", e);
        }
        byte[] weightsBytes = entries.get(WEIGHTS);
        KerasModelFile.checkContainer(weightsBytes, file + "!/" + WEIGHTS);
        JsonNode translated = Keras3Config.toKeras2(config, file);
        Path temp = null;
        try {
            // DL4J's HDF5 reader only opens files by name.
            temp = Files.createTempFile("emolake-keras3-", ".weights.h5");
            Files.write(temp, weightsBytes);
            Keras3Weights weights;
            try (Hdf5Archive archive = new Hdf5Archive(temp.toString())) {
                weights = Keras3Weights.fromArchive(archive, config.path("config").path("layers"), file);
            }
            return KerasModelFile.config(translated, kerasVersion, ".keras archive", weights, file);
        } catch (ModelException e) {
            throw e;
        } catch (Exception | UnsatisfiedLinkError e) {
            throw new ModelException(ModelException.Code.UNREADABLE_MODEL, file,
                    "the weights in the .keras archive cannot be read: " + e.getMessage(),
                    "save the model again with model.save('cnn_lstm_model.keras')", e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless; the weights are already in memory
                }
            }
        }
    }

    private static Map<String, byte[]> entries(byte[] bytes, String file) throws ModelException {
        Map<String, byte[]> out = new HashMap<>();
        int seen = 0;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                seen++;
                String name = entry.getName();
                if (name.equals(CONFIG) || name.equals(METADATA) || name.equals(WEIGHTS)) {
                    out.put(name, readLimited(zip, name, file));
                }
            }
        } catch (IOException e) {
            throw new ModelException(ModelException.Code.TRUNCATED, file,
                    "the .keras zip archive is damaged or cut off: " + e.getMessage(), "copy the complete file again", e);
        }
        if (seen == 0) {
            throw new ModelException(ModelException.Code.TRUNCATED, file,
                    "the .keras zip archive is damaged or cut off: no readable entry", "copy the complete file again");
        }
        return out;
    }

    private static byte[] readLimited(InputStream in, String name, String file) throws IOException, ModelException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[65536];
        long total = 0;
        for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
            total += n;
            if (total > MAX_ENTRY_BYTES) {
                throw new ModelException(ModelException.Code.UNSUPPORTED_MODEL, file,
                        name + " in the .keras archive inflates to more than " + MAX_ENTRY_BYTES + " bytes",
                        "an emotion model this large is not supported");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
