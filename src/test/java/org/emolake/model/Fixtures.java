package org.emolake.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Test fixtures under src/test/resources/model and bundle folders built from them. */
public final class Fixtures {

    public static final String KERAS7 = "keras-cnn-lstm-7/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    public static byte[] bytes(String resource) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/model/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource model/" + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static double[][] matrix(String resource) {
        try {
            return JSON.readValue(bytes(resource), double[][].class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String identityScalerJson(int features) {
        double[] zeros = new double[features];
        double[] ones = new double[features];
        Arrays.fill(ones, 1.0);
        return "{\"mean\": " + Arrays.toString(zeros) + ", \"scale\": " + Arrays.toString(ones) + "}";
    }

    /** The 7-class fixture model with its labels.json and an identity scaler.json. */
    public static Path keras7Bundle(Path dir) {
        write(dir, ModelBundle.MODEL_FILE, bytes(KERAS7 + "model.h5"));
        write(dir, ModelBundle.LABELS_JSON, bytes(KERAS7 + "labels.json"));
        write(dir, ModelBundle.SCALER_JSON, identityScalerJson(110).getBytes());
        return dir;
    }

    /** The 7-class fixture model with a real sklearn scaler.pkl and label_encoder.pkl. */
    public static Path keras7PickleBundle(Path dir) {
        write(dir, ModelBundle.MODEL_FILE, bytes(KERAS7 + "model.h5"));
        write(dir, ModelBundle.LABEL_ENCODER_PICKLE, bytes(KERAS7 + "label_encoder.pkl"));
        write(dir, ModelBundle.SCALER_PICKLE, bytes(KERAS7 + "scaler.pkl"));
        return dir;
    }

    public static void write(Path dir, String name, byte[] content) {
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
