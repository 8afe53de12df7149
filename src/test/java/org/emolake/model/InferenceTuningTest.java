package org.emolake.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The tuned network (channels-first layers, native LSTM op) gives the imported network's outputs. */
class InferenceTuningTest {

    @TempDir
    Path dir;

    @Test
    void tunedNetworkMatchesImportedNetworkAtEveryBatchSize() throws Exception {
        Path bundleDir = Fixtures.keras7Bundle(dir);
        KerasModelFile.Config config = KerasModelFile.readConfig(bundleDir.resolve(ModelBundle.MODEL_FILE), "model");
        KerasNetwork imported = KerasModelFile.importNetwork(bundleDir.resolve(ModelBundle.MODEL_FILE), config, "model");
        KerasNetwork tuned = imported.tunedForInference(110, 1);
        assertTrue(tuned.channelsFirst());
        assertTrue(tuned.nativeLstm());
        KerasNetwork perThread = tuned.copy();
        assertTrue(perThread.channelsFirst() && perThread.nativeLstm(), "copies keep the tuning");
        Random random = new Random(7);
        for (int batch : new int[] {1, 3, 32, 256}) {
            float[] data = new float[batch * 110];
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) (random.nextGaussian() * 2);
            }
            INDArray input = Nd4j.create(data, new long[] {batch, 110, 1}, 'c');
            INDArray expected = imported.output(input);
            for (KerasNetwork network : new KerasNetwork[] {tuned, perThread}) {
                INDArray actual = network.output(input.dup());
                assertEquals(expected.dataType(), DataType.FLOAT);
                double worst = actual.sub(expected).amaxNumber().doubleValue();
                assertTrue(worst <= KerasNetwork.TUNING_TOLERANCE, "batch " + batch + ": max difference " + worst);
                assertEquals(expected.argMax(1), actual.argMax(1));
            }
        }
    }
}
