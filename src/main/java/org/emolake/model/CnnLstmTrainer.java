package org.emolake.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.Subsampling1DLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Trains the seed CNN-LSTM with Deeplearning4j, the way the Keras seed script does, on rows already scaled; the
 * caller (the training layer) splits, scales and evaluates, and sees the result only as a {@link TrainedNetwork}:
 *
 * <pre>
 * Input (features, 1) → Conv1D(64, 3, relu, same) → MaxPooling1D(2) → Dropout(0.3) → LSTM(64) → Dropout(0.3)
 *   → Dense(64, relu) → Dense(classes, softmax)
 * Adam(lr 1e-3, β1 0.9, β2 0.999, ε 1e-7); sparse categorical cross-entropy (MCXENT on one-hot labels);
 * up to 50 epochs of shuffled batches of 32; early stopping on validation loss (patience 5, min_delta 0),
 * restoring the weights of the best epoch.
 * </pre>
 *
 * The layers are the ones DL4J's Keras import builds for the seed model (Conv1D in "Same" mode, LSTM wrapped in
 * LastTimeStep), but in NCW layout (input {@code [batch, 1, features]}): with the import's NWC layout, DL4J
 * 1.0.0-M2.1's Subsampling1DLayer fails in backprop ("New shape length doesn't match original length").
 * The parameter arrays mean the same in both layouts, so the network
 * {@link KerasH5Writer} exports re-imports to the same outputs. Initialisation: Glorot-uniform kernels (Keras'
 * default), zero biases, LSTM forget-gate bias 1 (Keras' unit_forget_bias); the LSTM recurrent kernel is
 * Glorot-uniform too, not Keras' orthogonal. Deterministic for a given seed on one machine (single-threaded ND4J).
 */
public final class CnnLstmTrainer {

    /** Training settings; {@link #defaults()} are the seed script's. */
    public record Config(int maxEpochs, int batchSize, int patience, double learningRate, long seed) {
        public static Config defaults() {
            return new Config(50, 32, 5, 1e-3, 42);
        }

        public Config withMaxEpochs(int epochs) {
            return new Config(epochs, batchSize, patience, learningRate, seed);
        }

        public Config withPatience(int value) {
            return new Config(maxEpochs, batchSize, value, learningRate, seed);
        }

        public Config withSeed(long value) {
            return new Config(maxEpochs, batchSize, patience, learningRate, value);
        }
    }

    /**
     * One epoch as Keras' progress line reports it: {@code loss} is the mean training-batch loss (dropout on);
     * {@code accuracy} is measured on the training rows after the epoch with dropout off; validation with dropout off.
     */
    public record EpochStats(int epoch, double loss, double accuracy, double valLoss, double valAccuracy) {
        public String line(int maxEpochs) {
            return String.format(java.util.Locale.ROOT,
                    "epoch %d/%d - loss: %.4f - accuracy: %.4f - val_loss: %.4f - val_accuracy: %.4f",
                    epoch, maxEpochs, loss, accuracy, valLoss, valAccuracy);
        }
    }

    /** The trained network carries the best epoch's weights. */
    public record Result(TrainedNetwork network, List<EpochStats> history, int bestEpoch, boolean stoppedEarly) {
        public EpochStats best() {
            return history.get(bestEpoch - 1);
        }
    }

    private final Config config;

    public CnnLstmTrainer(Config config) {
        this.config = config;
    }

    /** The untrained seed network for {@code features} inputs and {@code classes} outputs. */
    static MultiLayerNetwork build(int features, int classes, Config config) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(config.seed())
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .updater(new Adam(config.learningRate(), 0.9, 0.999, 1e-7))
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .list()
                .layer(new Convolution1DLayer.Builder().name("conv1d").kernelSize(3).stride(1)
                        .convolutionMode(ConvolutionMode.Same).nIn(1).nOut(64).activation(Activation.RELU)
                        .rnnDataFormat(RNNFormat.NCW).build())
                .layer(new Subsampling1DLayer.Builder(PoolingType.MAX).name("max_pooling1d").kernelSize(2).stride(2)
                        .convolutionMode(ConvolutionMode.Truncate).build())
                .layer(new DropoutLayer.Builder(0.7).name("dropout").build()) // DL4J takes the retain probability
                .layer(new LastTimeStep(new LSTM.Builder().name("lstm").nIn(64).nOut(64)
                        .activation(Activation.TANH).gateActivationFunction(Activation.SIGMOID)
                        .forgetGateBiasInit(1.0).dataFormat(RNNFormat.NCW).build()))
                .layer(new DropoutLayer.Builder(0.7).name("dropout_1").build())
                .layer(new DenseLayer.Builder().name("dense").nIn(64).nOut(64).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("dense_1").nIn(64).nOut(classes)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.recurrent(1, features, RNNFormat.NCW))
                .build();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        return network;
    }

    /** {@code rows} (already scaled) as the network input {@code [n, 1, features]} (NCW). */
    static INDArray input(float[][] rows) {
        int n = rows.length;
        int d = n == 0 ? 0 : rows[0].length;
        float[] flat = new float[n * d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(rows[i], 0, flat, i * d, d);
        }
        return Nd4j.create(flat, new long[] {n, 1, d}, 'c');
    }

    static INDArray oneHot(int[] labels, int classes) {
        INDArray out = Nd4j.zeros(DataType.FLOAT, labels.length, classes);
        for (int i = 0; i < labels.length; i++) {
            out.putScalar(i, labels[i], 1.0);
        }
        return out;
    }

    /**
     * Trains on scaled rows {@code train}/{@code trainLabels} (class indices {@code 0..classes-1}), validating on
     * {@code val} after every epoch; {@code progress} gets each epoch's statistics.
     */
    public Result train(float[][] train, int[] trainLabels, float[][] val, int[] valLabels, int classes,
                        Consumer<EpochStats> progress) {
        if (train.length == 0 || val.length == 0) {
            throw new IllegalArgumentException("training needs at least one training and one validation row");
        }
        Nd4j.getRandom().setSeed(config.seed());
        MultiLayerNetwork network = build(train[0].length, classes, config);
        INDArray trainX = input(train);
        DataSet validation = new DataSet(input(val), oneHot(valLabels, classes));
        Random shuffle = new Random(config.seed());
        int[] order = new int[train.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        List<EpochStats> history = new ArrayList<>();
        double bestValLoss = Double.POSITIVE_INFINITY;
        INDArray bestParams = null;
        int bestEpoch = 0;
        int sinceBest = 0;
        boolean stoppedEarly = false;
        for (int epoch = 1; epoch <= config.maxEpochs(); epoch++) {
            shuffle(order, shuffle);
            double lossSum = 0;
            for (int start = 0; start < order.length; start += config.batchSize()) {
                int end = Math.min(order.length, start + config.batchSize());
                float[][] batchX = new float[end - start][];
                int[] batchY = new int[end - start];
                for (int i = start; i < end; i++) {
                    batchX[i - start] = train[order[i]];
                    batchY[i - start] = trainLabels[order[i]];
                }
                INDArray x = input(batchX);
                INDArray y = oneHot(batchY, classes);
                network.fit(x, y);
                lossSum += network.score() * batchX.length;
            }
            double loss = lossSum / order.length;
            double accuracy = accuracy(network.output(trainX, false), trainLabels);
            double valLoss = network.score(validation, false);
            double valAccuracy = accuracy(network.output(validation.getFeatures(), false), valLabels);
            EpochStats stats = new EpochStats(epoch, loss, accuracy, valLoss, valAccuracy);
            history.add(stats);
            progress.accept(stats);
            if (valLoss < bestValLoss) {
                bestValLoss = valLoss;
                bestParams = network.params().dup();
                bestEpoch = epoch;
                sinceBest = 0;
            } else if (++sinceBest >= config.patience()) {
                stoppedEarly = epoch < config.maxEpochs();
                break;
            }
        }
        if (bestParams == null) {
            throw new IllegalStateException("validation loss was never finite; training diverged");
        }
        network.setParams(bestParams);
        return new Result(new TrainedNetwork(network, train[0].length, config.learningRate()), List.copyOf(history),
                bestEpoch, stoppedEarly);
    }

    private static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    static double accuracy(INDArray probabilities, int[] labels) {
        INDArray predicted = probabilities.argMax(1);
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predicted.getInt(i) == labels[i]) {
                correct++;
            }
        }
        return labels.length == 0 ? 0 : (double) correct / labels.length;
    }

    public Config config() {
        return config;
    }
}
