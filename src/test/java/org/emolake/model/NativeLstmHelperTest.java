package org.emolake.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The native LSTM gives DL4J's own LSTM outputs, for a full-sequence LSTM and one inside LastTimeStep. */
class NativeLstmHelperTest {

    @Test
    void nativeLstmMatchesDl4jLoopForSequenceAndLastStepLayers() {
        Nd4j.getRandom().setSeed(11);
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(11).dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER).list()
                .layer(new LSTM.Builder().nIn(3).nOut(5).activation(Activation.TANH).dataFormat(RNNFormat.NCW).build())
                .layer(new LastTimeStep(new LSTM.Builder().nIn(5).nOut(4).activation(Activation.TANH)
                        .dataFormat(RNNFormat.NCW).build()))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        // Non-zero biases, also for the forget gate, so a gate-order mistake cannot hide.
        network.getLayer(0).getParam("b").assign(Nd4j.rand(DataType.FLOAT, 1, 20).subi(0.5));
        INDArray input = Nd4j.rand(DataType.FLOAT, 6, 3, 9).subi(0.5).muli(3);
        INDArray expected = network.output(input, false);

        assertEquals(2, NativeLstmHelper.install(network.getLayers()));
        INDArray actual = network.output(input, false);
        NativeLstmHelper.uninstall(network.getLayers());

        assertEquals(expected.dataType(), actual.dataType());
        double worst = actual.sub(expected).amaxNumber().doubleValue();
        assertTrue(worst <= KerasNetwork.TUNING_TOLERANCE, "max difference " + worst);
        assertTrue(network.output(input, false).equalsWithEps(expected, 0.0), "uninstall restores DL4J's loop");
    }
}
