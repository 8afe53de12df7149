package org.emolake.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A trained emotion model as the Python training left it: the Keras network (tf.keras 2 or Keras 3 HDF5, or a
 * Keras 3 .keras archive), the fitted scaler and the class names (layout in docs/MODEL_BUNDLE.md). Immutable and thread-safe; load it
 * once per JVM and give every scoring thread its own {@link #newScorer()}.
 */
public final class ModelBundle {

    /** The model as HDF5: tf.keras 2 or Keras 3 {@code model.save("cnn_lstm_model.h5")}. Loaded when present. */
    public static final String MODEL_FILE = "cnn_lstm_model.h5";
    /** The model as a Keras 3 archive, {@code model.save("cnn_lstm_model.keras")}: loaded when there is no .h5. */
    public static final String MODEL_ARCHIVE = "cnn_lstm_model.keras";
    public static final String SCALER_PICKLE = "scaler.pkl";
    public static final String SCALER_JSON = "scaler.json";
    public static final String LABELS_JSON = "labels.json";
    public static final String LABEL_ENCODER_PICKLE = "label_encoder.pkl";
    public static final String METADATA_JSON = "model.json";

    private static final List<String> ARTIFACTS =
            List.of(MODEL_FILE, MODEL_ARCHIVE, SCALER_PICKLE, SCALER_JSON, LABELS_JSON, LABEL_ENCODER_PICKLE, METADATA_JSON);
    private static final Map<String, ModelBundle> SHARED = new LinkedHashMap<>();
    /** System property: {@code off} makes scorers run the network exactly as imported (escape hatch, benchmark baseline). */
    public static final String TUNING_PROPERTY = "emolake.model.tuning";

    private final KerasNetwork network;
    private final StandardScaler scaler;
    private final List<String> labels;
    private final ModelMetadata metadata;
    private final Map<String, String> artifactSha256;
    private final List<LayerInfo> layers;
    private final String modelFile;
    private final String modelFormat;

    private ModelBundle(KerasNetwork network, StandardScaler scaler, List<String> labels, ModelMetadata metadata,
                        Map<String, String> artifactSha256, List<LayerInfo> layers, String modelFile, String modelFormat) {
        this.modelFile = modelFile;
        this.modelFormat = modelFormat;
        this.network = network;
        this.scaler = scaler;
        this.labels = labels;
        this.metadata = metadata;
        this.artifactSha256 = artifactSha256;
        this.layers = layers;
    }

    /** Loads the bundle in {@code dir}. */
    public static ModelBundle load(Path dir) throws ModelException {
        Map<String, byte[]> artifacts = readArtifacts(dir);
        String model = modelArtifact(artifacts);
        return build(artifacts, name -> dir.resolve(name).toString(), model == null ? null : dir.resolve(model));
    }

    /**
     * Rebuilds a bundle from the bytes {@link #readArtifacts(Path)} returned, e.g. on a Spark executor
     * from a broadcast. Keys are the bundle file names.
     */
    public static ModelBundle fromBytes(Map<String, byte[]> artifacts) throws ModelException {
        return fromBytes(artifacts, UnaryOperator.identity());
    }

    private static ModelBundle fromBytes(Map<String, byte[]> artifacts, UnaryOperator<String> display)
            throws ModelException {
        String model = modelArtifact(artifacts);
        if (model == null) {
            return build(artifacts, display, null);
        }
        Path temp = null;
        try {
            // DL4J's HDF5 reader only opens files by name.
            temp = Files.createTempFile("emolake-model-", model.substring(model.lastIndexOf('.')));
            Files.write(temp, artifacts.get(model));
            return build(artifacts, display, temp);
        } catch (IOException e) {
            throw new ModelException(ModelException.Code.IO_ERROR, model,
                    "cannot write a temporary copy: " + e.getMessage(), "check java.io.tmpdir has space", e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /**
     * {@link #fromBytes(Map)} once per JVM for the same artifact contents: the way for many tasks in
     * one executor to share one bundle.
     */
    public static synchronized ModelBundle shared(Map<String, byte[]> artifacts) throws ModelException {
        StringBuilder key = new StringBuilder();
        new TreeMap<>(artifacts).forEach((name, bytes) -> key.append(name).append('=').append(sha256(bytes)).append(';'));
        ModelBundle bundle = SHARED.get(key.toString());
        if (bundle == null) {
            bundle = fromBytes(artifacts);
            SHARED.put(key.toString(), bundle);
        }
        return bundle;
    }

    /** Reads the bundle files present in {@code dir}, checking the directory layout first. */
    public static Map<String, byte[]> readArtifacts(Path dir) throws ModelException {
        return readArtifacts(BundleFolder.local(dir));
    }

    /**
     * Loads the bundle in {@code folder} (a local folder or, through the job layer, one on HDFS or S3); messages name
     * the folder's files as {@link BundleFolder#display(String)} does.
     */
    public static ModelBundle load(BundleFolder folder) throws ModelException {
        return fromBytes(readArtifacts(folder), folder::display);
    }

    /** Reads the bundle files present in {@code folder}, checking its layout first. */
    public static Map<String, byte[]> readArtifacts(BundleFolder folder) throws ModelException {
        try {
            return readChecked(folder);
        } catch (IOException e) {
            throw new ModelException(ModelException.Code.IO_ERROR, folder.location(),
                    "cannot read: " + e.getMessage(), "check the location and its permissions", e);
        }
    }

    private static Map<String, byte[]> readChecked(BundleFolder folder) throws IOException, ModelException {
        BundleFolder.Kind kind = folder.kind();
        if (kind != BundleFolder.Kind.FOLDER) {
            throw new ModelException(ModelException.Code.NOT_A_DIRECTORY, folder.location(),
                    kind == BundleFolder.Kind.FILE ? "not a directory" : "no such directory",
                    "pass the folder that holds " + MODEL_FILE + ", the scaler and the labels");
        }
        BundleFolder.Kind h5 = folder.kind(MODEL_FILE);
        if (h5 == BundleFolder.Kind.FOLDER
                || (h5 == BundleFolder.Kind.MISSING && folder.kind("saved_model.pb") != BundleFolder.Kind.MISSING)) {
            throw new ModelException(ModelException.Code.SAVED_MODEL, folder.display(MODEL_FILE),
                    "a TensorFlow SavedModel folder was given instead of an HDF5 file",
                    "re-save it with model.save('" + MODEL_FILE + "') under tf.keras 2 (TensorFlow <= 2.15, or tf_keras)");
        }
        if (h5 == BundleFolder.Kind.MISSING && folder.kind(MODEL_ARCHIVE) == BundleFolder.Kind.MISSING) {
            String keras3 = folder.names().stream().filter(n -> n.endsWith(".keras")).findFirst().orElse(null);
            if (keras3 != null) {
                throw new ModelException(ModelException.Code.KERAS3_ARCHIVE, folder.display(keras3),
                        "a Keras 3 .keras archive under a name the bundle does not use",
                        "rename it to " + MODEL_ARCHIVE + " (or save with model.save('" + MODEL_ARCHIVE + "'))");
            }
        }
        Map<String, byte[]> artifacts = new LinkedHashMap<>();
        for (String name : ARTIFACTS) {
            if (folder.kind(name) == BundleFolder.Kind.FILE) {
                try {
                    artifacts.put(name, folder.read(name));
                } catch (IOException e) {
                    throw new ModelException(ModelException.Code.IO_ERROR, folder.display(name),
                            "cannot read: " + e.getMessage(), "check the file permissions", e);
                }
            }
        }
        return artifacts;
    }

    /** The model file a bundle loads: the .h5 if present (the file tf.keras 2 reads), else the .keras archive. */
    private static String modelArtifact(Map<String, byte[]> artifacts) {
        return artifacts.containsKey(MODEL_FILE) ? MODEL_FILE : artifacts.containsKey(MODEL_ARCHIVE) ? MODEL_ARCHIVE : null;
    }

    private static ModelBundle build(Map<String, byte[]> artifacts, UnaryOperator<String> display, Path model)
            throws ModelException {
        String modelArtifact = modelArtifact(artifacts);
        if (model == null || modelArtifact == null) {
            throw missing(display.apply(MODEL_FILE));
        }
        String modelName = display.apply(modelArtifact);
        byte[] modelBytes = artifacts.get(modelArtifact);
        ModelMetadata metadata = artifacts.containsKey(METADATA_JSON)
                ? ModelMetadata.fromJson(artifacts.get(METADATA_JSON), display.apply(METADATA_JSON))
                : ModelMetadata.defaults();

        String labelsName = oneOf(artifacts, LABELS_JSON, LABEL_ENCODER_PICKLE, display, "the class names");
        List<String> labels = labelsName.equals(LABELS_JSON)
                ? BundleLabels.fromJson(artifacts.get(LABELS_JSON), display.apply(LABELS_JSON))
                : BundleLabels.fromJoblib(artifacts.get(LABEL_ENCODER_PICKLE), display.apply(LABEL_ENCODER_PICKLE));

        String scalerName = oneOf(artifacts, SCALER_PICKLE, SCALER_JSON, display, "the feature scaler");
        StandardScaler scaler = scalerName.equals(SCALER_PICKLE)
                ? StandardScaler.fromJoblib(artifacts.get(SCALER_PICKLE), display.apply(SCALER_PICKLE))
                : StandardScaler.fromJson(artifacts.get(SCALER_JSON), display.apply(SCALER_JSON));
        if (scaler.size() != metadata.featureCount()) {
            throw new ModelException(ModelException.Code.SCALER_SIZE_MISMATCH, display.apply(scalerName),
                    "the scaler has " + scaler.size() + " features, feature set " + metadata.featureSet()
                            + " has " + metadata.featureCount(),
                    "fit the scaler on the " + metadata.featureCount() + "-value feature vectors the model was trained on");
        }

        KerasModelFile.Config config = KerasModelFile.readConfig(model, modelBytes, modelName);
        if (config.inputLength() != metadata.featureCount() || config.inputChannels() != 1) {
            throw new ModelException(ModelException.Code.INPUT_SHAPE_MISMATCH, modelName,
                    "the model takes input [batch, " + config.inputLength() + ", " + config.inputChannels()
                            + "], feature set " + metadata.featureSet() + " gives [batch, " + metadata.featureCount() + ", 1]",
                    "train on the " + metadata.featureCount() + "-value vectors of feature set " + metadata.featureSet()
                            + " reshaped to (" + metadata.featureCount() + ", 1), or set feature_set in model.json");
        }
        KerasNetwork network = KerasModelFile.importNetwork(model, config, modelName);

        INDArray probe = Nd4j.zeros(DataType.FLOAT, 1, metadata.featureCount(), 1);
        long outputs;
        try {
            outputs = network.output(probe).length();
        } catch (RuntimeException e) {
            throw new ModelException(ModelException.Code.UNSUPPORTED_MODEL, modelName,
                    "the imported network fails on a zero input of shape [1, " + metadata.featureCount() + ", 1]: "
                            + e.getMessage(), "use layers DL4J 1.0.0-M2.1 imports (docs/MODEL_BUNDLE.md)", e);
        }
        if (outputs != labels.size()) {
            throw new ModelException(ModelException.Code.LABEL_COUNT_MISMATCH, modelName,
                    "the model has " + outputs + " outputs but " + display.apply(labelsName) + " names "
                            + labels.size() + " classes " + labels,
                    "list exactly one class name per output unit, in output order");
        }
        Map<String, String> hashes = new LinkedHashMap<>();
        artifacts.forEach((name, bytes) -> hashes.put(name, sha256(bytes)));
        List<LayerInfo> layers = List.copyOf(network.layers(probe));
        // Scorers copy a tuned network that reproduces the imported one on a probe batch (docs/MODEL_BUNDLE.md).
        KerasNetwork scoring = "off".equals(System.getProperty(TUNING_PROPERTY))
                ? network : network.tunedForInference(metadata.featureCount(), 1);
        String format = (config.kerasVersion().isEmpty() ? "Keras (version not recorded)" : "Keras " + config.kerasVersion())
                + ", " + config.container();
        return new ModelBundle(scoring, scaler, labels, metadata, Map.copyOf(hashes), layers, modelArtifact, format);
    }

    /** Exactly one of two alternative artifacts must be present. */
    private static String oneOf(Map<String, byte[]> artifacts, String first, String second,
                                UnaryOperator<String> display, String role) throws ModelException {
        boolean hasFirst = artifacts.containsKey(first);
        boolean hasSecond = artifacts.containsKey(second);
        if (hasFirst && hasSecond) {
            throw new ModelException(ModelException.Code.AMBIGUOUS_ARTIFACT, display.apply(second),
                    "both " + first + " and " + second + " hold " + role, "keep only one of them in the bundle");
        }
        if (!hasFirst && !hasSecond) {
            throw new ModelException(ModelException.Code.MISSING_ARTIFACT, display.apply(first),
                    "no " + first + " or " + second + " for " + role, "add one of them to the bundle");
        }
        return hasFirst ? first : second;
    }

    private static ModelException missing(String file) {
        return new ModelException(ModelException.Code.MISSING_ARTIFACT, file, "file not found",
                "save the Keras model with model.save('" + MODEL_FILE + "') or model.save('" + MODEL_ARCHIVE
                        + "') into the bundle folder");
    }

    /** A scorer with its own copy of the network; use one per thread. */
    public Scorer newScorer() {
        return new Scorer(network.copy(), scaler, labels);
    }

    /**
     * How scorers run the network: {@code "channels-first, native LSTM"}, {@code "channels-first"},
     * {@code "native LSTM"} or {@code "as imported"} (see docs/MODEL_BUNDLE.md, Speed).
     */
    public String inferencePath() {
        if (network.channelsFirst() && network.nativeLstm()) {
            return "channels-first, native LSTM";
        }
        return network.channelsFirst() ? "channels-first" : network.nativeLstm() ? "native LSTM" : "as imported";
    }

    /** Class names in model output order. */
    public List<String> labels() {
        return labels;
    }

    /** Length of the raw feature vectors the scorer takes. */
    public int featureCount() {
        return metadata.featureCount();
    }

    public ModelMetadata metadata() {
        return metadata;
    }

    /** SHA-256 (lower-case hex) of the loaded model file ({@link #modelFile()}): identifies the model in scored output. */
    public String sha256() {
        return artifactSha256.get(modelFile);
    }

    /** The bundle file the network was loaded from: {@link #MODEL_FILE} or {@link #MODEL_ARCHIVE}. */
    public String modelFile() {
        return modelFile;
    }

    /** The Keras version and container of {@link #modelFile()}, e.g. {@code "Keras 3.15.1, .keras archive"}. */
    public String modelFormat() {
        return modelFormat;
    }

    /** SHA-256 (lower-case hex) of every artifact in the bundle, by file name. */
    public Map<String, String> artifactSha256() {
        return new TreeMap<>(artifactSha256);
    }

    /** The network's layers in execution order. */
    public List<LayerInfo> layers() {
        return layers;
    }

    public ScalerSummary scalerSummary() {
        double[] mean = scaler.mean();
        double[] scale = scaler.scale();
        return new ScalerSummary(scaler.size(),
                Arrays.stream(mean).min().orElseThrow(), Arrays.stream(mean).max().orElseThrow(),
                Arrays.stream(scale).min().orElseThrow(), Arrays.stream(scale).max().orElseThrow(),
                scaler.source());
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    private static void deleteQuietly(Path temp) {
        if (temp != null) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // a leftover temp file is harmless; the bundle is already in memory
            }
        }
    }
}
