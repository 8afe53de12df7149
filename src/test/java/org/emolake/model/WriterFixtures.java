package org.emolake.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The network and inputs behind {@code src/test/resources/model/numpy-forward/}: parameters and inputs come
 * from {@code java.util.Random}, so they are the same on every machine. Regenerate the fixture with
 *
 * <pre>
 * mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) org.emolake.model.WriterFixtures \
 *     src/test/resources/model/numpy-forward
 * /usr/bin/python3 scripts/keras_forward.py src/test/resources/model/numpy-forward/cnn_lstm_model.h5 \
 *     src/test/resources/model/numpy-forward/inputs.json src/test/resources/model/numpy-forward/expected.json
 * </pre>
 */
final class WriterFixtures {
    static final int CLASSES = 5;
    static final int FEATURES = 110;

    private WriterFixtures() {
    }

    /** The seed network with parameters N(0, 0.35²) from Random(606) (biases included, so every gate block matters). */
    static MultiLayerNetwork network() {
        MultiLayerNetwork network = CnnLstmTrainer.build(FEATURES, CLASSES, CnnLstmTrainer.Config.defaults());
        Random random = new Random(606);
        float[] params = new float[(int) network.numParams()];
        for (int i = 0; i < params.length; i++) {
            params[i] = (float) (0.35 * random.nextGaussian());
        }
        network.setParams(Nd4j.create(params, new long[] {1, params.length}, 'c').castTo(DataType.FLOAT));
        return network;
    }

    /** 16 rows of 110 float32 values: N(0, 1.5²) from Random(607). */
    static float[][] inputs() {
        Random random = new Random(607);
        float[][] rows = new float[16][FEATURES];
        for (float[] row : rows) {
            for (int j = 0; j < FEATURES; j++) {
                row[j] = (float) (1.5 * random.nextGaussian());
            }
        }
        return rows;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        KerasH5Writer.write(network(), FEATURES, 1e-3, dir.resolve("cnn_lstm_model.h5"));
        List<List<Float>> rows = new ArrayList<>();
        for (float[] row : inputs()) {
            List<Float> values = new ArrayList<>();
            for (float v : row) {
                values.add(v);
            }
            rows.add(values);
        }
        new ObjectMapper().writeValue(dir.resolve("inputs.json").toFile(), rows);
    }
}
