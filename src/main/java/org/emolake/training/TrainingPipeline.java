package org.emolake.training;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.emolake.features.FeatureSet;
import org.emolake.model.CnnLstmTrainer;
import org.emolake.model.ModelBundle;
import org.emolake.model.ModelException;
import org.emolake.model.Prediction;
import org.emolake.model.StandardScaler;

/**
 * Labelled feature rows → model bundle:
 *
 * <ol>
 *   <li>labels: the sorted distinct label strings (scikit-learn's LabelEncoder order) → class indices;</li>
 *   <li>stratified split (seed): 20 % held-out test; of the remaining 80 %, a stratified 10 % validation part for
 *       early stopping, the rest to fit on. The test rows are never seen by training or early stopping;</li>
 *   <li>StandardScaler fitted on the fitting rows ({@link StandardScaler#fit}), applied to all parts;</li>
 *   <li>{@link CnnLstmTrainer} with per-epoch progress lines;</li>
 *   <li>{@link Evaluation} on the test part: console table, metrics.json, evaluation.png;</li>
 *   <li>export: cnn_lstm_model.h5 and cnn_lstm_model.keras (written by the
 *       {@link org.emolake.model.TrainedNetwork}), scaler.json, labels.json, model.json; then the bundle is
 *       loaded back through {@link ModelBundle} (the Keras import path) and its probabilities on the test rows
 *       compared with the trained network's: more than 1e-5 apart fails the run.</li>
 * </ol>
 */
public final class TrainingPipeline {

    public static final double TEST_FRACTION = 0.2;
    /** The default share of the non-test rows held out for early stopping. */
    public static final double VALIDATION_FRACTION = 0.1;
    public static final String CHART_PNG = "evaluation.png";
    public static final double EXPORT_TOLERANCE = 1e-5;

    /** What a run produced. */
    public record Report(Evaluation evaluation, CnnLstmTrainer.Result training, double exportMaxDifference,
                         int fitRows, int validationRows, int testRows) {
    }

    private final CnnLstmTrainer.Config config;
    private final String name;
    private final String version;
    private final double validationFraction;

    public TrainingPipeline(CnnLstmTrainer.Config config, String name, String version) {
        this(config, name, version, VALIDATION_FRACTION);
    }

    /** {@code validationFraction}: the stratified share of the non-test rows held out for early stopping, in (0, 1). */
    public TrainingPipeline(CnnLstmTrainer.Config config, String name, String version, double validationFraction) {
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + validationFraction);
        }
        this.config = config;
        this.name = name;
        this.version = version;
        this.validationFraction = validationFraction;
    }

    public Report run(LabelledFeatureSource.Loaded data, Path out, PrintStream log) throws IOException, ModelException {
        List<LabelledFeatureSource.Row> rows = data.rows();
        for (LabelledFeatureSource.Row row : rows) {
            if (row.features().length != FeatureSet.SIZE) {
                throw new IllegalArgumentException(row.id() + " has " + row.features().length + " features, expected "
                        + FeatureSet.SIZE);
            }
        }
        List<String> labels = new ArrayList<>(new TreeSet<>(rows.stream().map(LabelledFeatureSource.Row::label).toList()));
        if (labels.size() < 2) {
            throw new IllegalArgumentException("training needs at least two classes, found " + labels);
        }
        int[] y = rows.stream().mapToInt(r -> labels.indexOf(r.label())).toArray();
        Map<String, Integer> counts = new TreeMap<>();
        rows.forEach(r -> counts.merge(r.label(), 1, Integer::sum));
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() < 3) {
                throw new IllegalArgumentException("class " + e.getKey() + " has " + e.getValue()
                        + " rows; every class needs at least 3 (fit, validation, test)");
            }
        }

        StratifiedSplit.Split outer = StratifiedSplit.split(y, TEST_FRACTION, config.seed());
        int[] trainY = pick(y, outer.train());
        StratifiedSplit.Split inner = StratifiedSplit.split(trainY, validationFraction, config.seed() + 1);
        int[] fit = map(outer.train(), inner.train());
        int[] validation = map(outer.train(), inner.test());
        int[] test = outer.test();
        log.printf(Locale.ROOT, "train: %d rows, %d classes %s; fit %d, validation %d, held-out test %d%n",
                rows.size(), labels.size(), counts, fit.length, validation.length, test.length);

        List<double[]> fitRaw = new ArrayList<>();
        for (int i : fit) {
            fitRaw.add(rows.get(i).features());
        }
        StandardScaler scaler = StandardScaler.fit(fitRaw);

        CnnLstmTrainer trainer = new CnnLstmTrainer(config);
        CnnLstmTrainer.Result result = trainer.train(scaled(rows, fit, scaler), pick(y, fit),
                scaled(rows, validation, scaler), pick(y, validation), labels.size(),
                stats -> log.println(stats.line(config.maxEpochs())));
        log.printf(Locale.ROOT, "train: best epoch %d (val_loss %.4f)%s; restored its weights%n", result.bestEpoch(),
                result.best().valLoss(), result.stoppedEarly() ? ", stopped early" : "");

        float[][] testX = scaled(rows, test, scaler);
        double[][] testOutput = result.network().predict(testX);
        int[] predicted = argMax(testOutput);
        Evaluation evaluation = Evaluation.of(pick(y, test), predicted, labels);
        log.println();
        log.println("held-out test (" + test.length + " rows):");
        log.print(evaluation.table());

        result.network().writeKerasH5(out.resolve(ModelBundle.MODEL_FILE));
        result.network().writeKeras3Archive(out.resolve(ModelBundle.MODEL_ARCHIVE));
        BundleWriter.writeScaler(out, scaler.mean(), scaler.scale());
        BundleWriter.writeLabels(out, labels);
        BundleWriter.write(out.resolve(BundleWriter.METRICS_JSON), evaluation.toJson());
        evaluation.writeChart(out.resolve(CHART_PNG), name + ", held-out test");

        double maxDifference = exportCheck(out, rows, test, testOutput);
        log.printf(Locale.ROOT, "export: %s re-imported through the Keras import path: max |p - p_trained| = %.2e on %d rows%n",
                ModelBundle.MODEL_FILE, maxDifference, test.length);

        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("description", "CNN-LSTM trained on the JVM by `emolake train` (Deeplearning4j), exported in the tf.keras 2 HDF5 layout");
        Map<String, Object> trainingData = new LinkedHashMap<>();
        trainingData.put("source", data.description());
        trainingData.put("rows", rows.size());
        trainingData.put("skipped_clips", data.failures().size());
        trainingData.put("class_counts", counts);
        trainingData.put("split", ordered("fit", fit.length, "validation", validation.length, "test", test.length,
                "method", String.format(Locale.ROOT, "stratified: %d%% held-out test, then %d%% of the rest for early stopping; seed %d",
                        Math.round(TEST_FRACTION * 100), Math.round(validationFraction * 100), config.seed())));
        trainingData.put("scaler", "StandardScaler fitted on the fit rows");
        extra.put("training_data", trainingData);
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("framework", "deeplearning4j 1.0.0-M2.1");
        training.put("architecture", "Conv1D(64,3,relu,same) MaxPooling1D(2) Dropout(0.3) LSTM(64) Dropout(0.3) Dense(64,relu) Dense(softmax)");
        training.put("optimizer", ordered("name", "Adam", "learning_rate", config.learningRate(), "beta_1", 0.9,
                "beta_2", 0.999, "epsilon", 1e-7));
        training.put("loss", "sparse_categorical_crossentropy");
        training.put("batch_size", config.batchSize());
        training.put("max_epochs", config.maxEpochs());
        training.put("early_stopping", ordered("monitor", "val_loss", "patience", config.patience(), "restore_best_weights", true));
        training.put("epochs_run", result.history().size());
        training.put("best_epoch", result.bestEpoch());
        training.put("seed", config.seed());
        List<Map<String, Object>> history = new ArrayList<>();
        for (CnnLstmTrainer.EpochStats s : result.history()) {
            history.add(ordered("epoch", s.epoch(), "loss", s.loss(), "accuracy", s.accuracy(),
                    "val_loss", s.valLoss(), "val_accuracy", s.valAccuracy()));
        }
        training.put("history", history);
        extra.put("training", training);
        extra.put("metrics", ordered("split", "held-out test", "rows", test.length, "accuracy", evaluation.accuracy(),
                "macro_f1", evaluation.macroF1()));
        extra.put("export_check", ordered("max_abs_probability_difference", maxDifference, "rows", test.length,
                "tolerance", EXPORT_TOLERANCE));
        BundleWriter.writeModel(out, name, version, FeatureSet.ID, extra);
        ModelBundle.load(out); // the finished bundle loads as scoring will load it
        return new Report(evaluation, result, maxDifference, fit.length, validation.length, test.length);
    }

    /** Loads the exported bundle and compares its probabilities on the raw test rows with the trained network's. */
    private static double exportCheck(Path out, List<LabelledFeatureSource.Row> rows, int[] test, double[][] trained)
            throws ModelException {
        ModelBundle bundle = ModelBundle.load(out);
        List<double[]> raw = new ArrayList<>();
        for (int i : test) {
            raw.add(rows.get(i).features());
        }
        List<Prediction> predictions = bundle.newScorer().score(raw);
        double max = 0;
        for (int i = 0; i < test.length; i++) {
            Prediction p = predictions.get(i);
            if (!p.isOk()) {
                throw new IllegalStateException("re-imported model failed on test row " + i + ": " + p.errorMessage());
            }
            double[] probabilities = p.probabilities();
            for (int k = 0; k < probabilities.length; k++) {
                max = Math.max(max, Math.abs(probabilities[k] - trained[i][k]));
            }
        }
        if (!(max <= EXPORT_TOLERANCE)) {
            throw new IllegalStateException("the exported model gives probabilities up to " + max
                    + " away from the trained network's (tolerance " + EXPORT_TOLERANCE + ")");
        }
        return max;
    }

    /** Per row, the index of the highest probability (the first one on a tie). */
    private static int[] argMax(double[][] probabilities) {
        int[] out = new int[probabilities.length];
        for (int i = 0; i < probabilities.length; i++) {
            for (int k = 1; k < probabilities[i].length; k++) {
                if (probabilities[i][k] > probabilities[i][out[i]]) {
                    out[i] = k;
                }
            }
        }
        return out;
    }

    /** Rows {@code indices}, scaled as StandardScaler.transform, in float32 as the network takes them. */
    static float[][] scaled(List<LabelledFeatureSource.Row> rows, int[] indices, StandardScaler scaler) {
        float[][] out = new float[indices.length][];
        for (int n = 0; n < indices.length; n++) {
            out[n] = scaler.transformToFloat32(rows.get(indices[n]).features());
        }
        return out;
    }

    /** A map that keeps the key order given (Map.of's iteration order is unspecified and varies between runs). */
    static Map<String, Object> ordered(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must come in pairs");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static int[] pick(int[] values, int[] indices) {
        int[] out = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = values[indices[i]];
        }
        return out;
    }

    /** Indices into {@code outer} → the original row indices. */
    private static int[] map(int[] outer, int[] inner) {
        int[] out = new int[inner.length];
        for (int i = 0; i < inner.length; i++) {
            out[i] = outer[inner[i]];
        }
        return out;
    }
}
