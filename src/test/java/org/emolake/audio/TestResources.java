package org.emolake.audio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Reads the committed test fixtures from the class path. */
final class TestResources {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestResources() {
    }

    static byte[] bytes(String resource) {
        try (InputStream in = TestResources.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String resource) {
        try {
            return JSON.readTree(bytes(resource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A raw little-endian float32 file. */
    static float[] float32(String resource) {
        ByteBuffer b = ByteBuffer.wrap(bytes(resource)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }

    static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            double v = array.get(i).asDouble();
            out[i] = (float) v;
            if (out[i] != v) {
                throw new IllegalStateException("golden value " + v + " at " + i + " is not a float32");
            }
        }
        return out;
    }

    /** Index of the first element whose bits differ, or -1. */
    static int firstBitDifference(float[] expected, float[] actual) {
        for (int i = 0; i < Math.min(expected.length, actual.length); i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                return i;
            }
        }
        return expected.length == actual.length ? -1 : Math.min(expected.length, actual.length);
    }

    static int firstBitDifference(double[] expected, double[] actual) {
        for (int i = 0; i < Math.min(expected.length, actual.length); i++) {
            if (Double.doubleToRawLongBits(expected[i]) != Double.doubleToRawLongBits(actual[i])) {
                return i;
            }
        }
        return expected.length == actual.length ? -1 : Math.min(expected.length, actual.length);
    }

    static double maxAbsDiff(float[] expected, float[] actual) {
        double max = 0;
        for (int i = 0; i < Math.min(expected.length, actual.length); i++) {
            max = Math.max(max, Math.abs((double) expected[i] - actual[i]));
        }
        return max;
    }
}
