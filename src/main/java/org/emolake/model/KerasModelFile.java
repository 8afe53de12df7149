package org.emolake.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.modelimport.keras.KerasModel;
import org.deeplearning4j.nn.modelimport.keras.KerasSequentialModel;
import org.deeplearning4j.nn.modelimport.keras.utils.KerasModelBuilder;
import org.deeplearning4j.nn.modelimport.keras.utils.KerasModelUtils;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Checks and imports a Keras model file: tf.keras 2 or Keras 3 HDF5 ({@code model.save("cnn_lstm_model.h5")}) or a
 * Keras 3 {@code .keras} archive ({@link KerasArchive}). Keras 3 configs are translated to tf.keras 2's form
 * ({@link Keras3Config}) and their weights set from {@link Keras3Weights}; tf.keras 2 files go to DL4J unchanged.
 */
final class KerasModelFile {

    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    private static final String RESAVE = "re-save it from Python with model.save('cnn_lstm_model.keras') "
            + "or model.save('cnn_lstm_model.h5')";

    private KerasModelFile() {
    }

    /**
     * Rejects anything that is not a complete HDF5 file before the native HDF5 library sees it,
     * since that library reports such files with unhelpful errors or worse.
     */
    static void checkContainer(byte[] bytes, String file) throws ModelException {
        long superblock = superblockOffset(bytes);
        if (superblock < 0) {
            throw new ModelException(ModelException.Code.NOT_HDF5, file,
                    "not an HDF5 file (no HDF5 signature)", RESAVE);
        }
        long declaredEnd = declaredEndOfFile(bytes, (int) superblock);
        if (declaredEnd < 0) {
            throw new ModelException(ModelException.Code.TRUNCATED, file,
                    "the HDF5 superblock is cut off or unreadable", "copy the complete file again");
        }
        if (bytes.length < declaredEnd) {
            throw new ModelException(ModelException.Code.TRUNCATED, file,
                    "truncated HDF5 file: " + bytes.length + " bytes, the superblock declares " + declaredEnd,
                    "copy the complete file again");
        }
    }

    /** The HDF5 superblock sits at offset 0, 512, 1024, 2048, ... */
    private static long superblockOffset(byte[] bytes) {
        for (long offset = 0; offset + HDF5_SIGNATURE.length <= bytes.length; offset = offset == 0 ? 512 : offset * 2) {
            boolean match = true;
            for (int i = 0; i < HDF5_SIGNATURE.length && match; i++) {
                match = bytes[(int) offset + i] == HDF5_SIGNATURE[i];
            }
            if (match) {
                return offset;
            }
        }
        return -1;
    }

    /** Base address plus end-of-file address from the superblock (versions 0 to 3), or -1. */
    private static long declaredEndOfFile(byte[] bytes, int start) {
        if (bytes.length < start + 16) {
            return -1;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int version = bytes[start + 8];
        int offsetSize;
        int addresses;
        if (version == 0 || version == 1) {
            offsetSize = bytes[start + 13];
            addresses = start + 24 + (version == 1 ? 4 : 0);
            int needed = addresses + 4 * offsetSize;
            if (bytes.length < needed) {
                return -1;
            }
            // base, free-space info, end of file, driver info
            return address(buffer, addresses, offsetSize) + address(buffer, addresses + 2 * offsetSize, offsetSize);
        }
        if (version == 2 || version == 3) {
            offsetSize = bytes[start + 9];
            addresses = start + 12;
            if (bytes.length < addresses + 4 * offsetSize) {
                return -1;
            }
            // base, superblock extension, end of file, root object header
            return address(buffer, addresses, offsetSize) + address(buffer, addresses + 2 * offsetSize, offsetSize);
        }
        return -1;
    }

    private static long address(ByteBuffer buffer, int at, int size) {
        return switch (size) {
            case 2 -> buffer.getShort(at) & 0xFFFFL;
            case 4 -> buffer.getInt(at) & 0xFFFFFFFFL;
            case 8 -> buffer.getLong(at);
            default -> Long.MAX_VALUE;
        };
    }

    /**
     * The parts of the model config the bundle checks before importing.
     *
     * @param kerasVersion  the Keras version that wrote the file (e.g. 2.15.0, 3.15.1)
     * @param container     "HDF5" or ".keras archive"
     * @param rewrittenJson the config in the tf.keras 2 form DL4J reads
     * @param keras3Weights the weights of a Keras 3 file, null for tf.keras 2 (DL4J reads those from the HDF5 file)
     */
    record Config(boolean sequential, int inputLength, int inputChannels, String rewrittenJson, String kerasVersion,
                  String container, Keras3Weights keras3Weights) {
    }

    static Config readConfig(Path model, String file) throws ModelException {
        try {
            return readConfig(model, Files.readAllBytes(model), file);
        } catch (java.io.IOException e) {
            throw new ModelException(ModelException.Code.IO_ERROR, file, "cannot read: " + e.getMessage(),
                    "check the file permissions", e);
        }
    }

    /** {@code bytes} are the contents of {@code model}: an HDF5 file (Keras 2 or 3) or a .keras zip archive. */
    static Config readConfig(Path model, byte[] bytes, String file) throws ModelException {
        if (KerasArchive.isZip(bytes)) {
            return KerasArchive.read(bytes, file);
        }
        checkContainer(bytes, file);
        String json;
        Map<String, String> versionAttributes = new LinkedHashMap<>();
        Keras3Weights keras3Weights = null;
        try (Hdf5Archive archive = new Hdf5Archive(model.toString())) {
            if (!archive.hasAttribute("model_config")) {
                throw new ModelException(ModelException.Code.UNREADABLE_MODEL, file,
                        "the HDF5 file has no model_config attribute (weights-only file?)",
                        "save the whole model with model.save('cnn_lstm_model.h5'), not model.save_weights");
            }
            json = archive.readAttributeAsJson("model_config");
            for (String attribute : new String[] {"keras_version", "backend"}) {
                if (archive.hasAttribute(attribute)) {
                    versionAttributes.put(attribute, archive.readAttributeAsString(attribute));
                }
            }
            if (isKeras3(versionAttributes.get("keras_version"))) {
                keras3Weights = Keras3Weights.fromLegacyH5(archive);
            }
        } catch (ModelException e) {
            throw e;
        } catch (Exception | UnsatisfiedLinkError e) {
            throw new ModelException(ModelException.Code.UNREADABLE_MODEL, file,
                    "the HDF5 file cannot be read: " + e.getMessage(), RESAVE, e);
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new ModelException(ModelException.Code.UNREADABLE_MODEL, file,
                    "model_config is not valid JSON: " + e.getMessage(), RESAVE, e);
        }
        String kerasVersion = versionAttributes.getOrDefault("keras_version", "");
        if (keras3Weights != null) {
            root = Keras3Config.toKeras2(root, file);
        } else if (root instanceof ObjectNode object) {
            // DL4J takes the Keras version (and so the layer names) and backend from the model JSON,
            // where model.to_json() puts them; in an HDF5 file they are root attributes instead.
            versionAttributes.forEach((key, value) -> {
                if (!object.has(key)) {
                    object.put(key, value);
                }
            });
        }
        return config(root, kerasVersion, "HDF5", keras3Weights, file);
    }

    private static boolean isKeras3(String version) {
        return version != null && version.startsWith("3.");
    }

    /** Checks a (tf.keras 2 form) model config: model class, one input of shape (features, channels), one output. */
    static Config config(JsonNode root, String kerasVersion, String container, Keras3Weights keras3Weights, String file)
            throws ModelException {
        String className = root.path("class_name").asText();
        boolean sequential = "Sequential".equals(className);
        if (!sequential && !"Functional".equals(className) && !"Model".equals(className)) {
            throw new ModelException(ModelException.Code.UNSUPPORTED_MODEL, file,
                    "model class " + className + " is neither Sequential nor a functional Model",
                    "build the model with keras.Sequential or the functional API");
        }
        JsonNode shape = inputShape(root, sequential, file);
        if (shape.size() != 3 || !shape.get(1).canConvertToInt() || !shape.get(2).canConvertToInt()) {
            throw new ModelException(ModelException.Code.INPUT_SHAPE_MISMATCH, file,
                    "model input shape is " + shape + ", expected [null, <features>, 1]",
                    "train the model on input of shape (features, 1)");
        }
        replaceOrthogonalInitializers(root);
        return new Config(sequential, shape.get(1).asInt(), shape.get(2).asInt(), root.toString(), kerasVersion,
                container, keras3Weights);
    }

    private static JsonNode inputShape(JsonNode root, boolean sequential, String file) throws ModelException {
        JsonNode config = root.path("config");
        JsonNode layers = config.isArray() ? config : config.path("layers");
        JsonNode inputLayer = null;
        if (sequential) {
            inputLayer = layers.path(0);
        } else {
            JsonNode inputs = Keras3Config.tensorReferences(config.path("input_layers"));
            if (inputs.size() != 1) {
                throw new ModelException(ModelException.Code.UNSUPPORTED_MODEL, file,
                        "the model has " + inputs.size() + " inputs, emolake feeds exactly one",
                        "give the model a single Input(shape=(features, 1))");
            }
            // input_layers is [[name, node, tensor]]
            String name = inputs.path(0).path(0).asText();
            for (JsonNode layer : layers) {
                if (name.equals(layer.path("config").path("name").asText()) || name.equals(layer.path("name").asText())) {
                    inputLayer = layer;
                }
            }
            int outputs = Keras3Config.tensorReferences(config.path("output_layers")).size();
            if (outputs != 1) {
                throw new ModelException(ModelException.Code.UNSUPPORTED_MODEL, file,
                        "the model has " + outputs + " outputs, emolake reads exactly one",
                        "give the model a single softmax output");
            }
        }
        JsonNode layerConfig = inputLayer == null ? null : inputLayer.path("config");
        for (String key : new String[] {"batch_input_shape", "batch_shape"}) {
            if (layerConfig != null && layerConfig.path(key).isArray()) {
                return layerConfig.path(key);
            }
        }
        throw new ModelException(ModelException.Code.UNSUPPORTED_MODEL, file,
                "model_config declares no input shape", "build the model with Input(shape=(features, 1))");
    }

    /**
     * Keras' default LSTM recurrent initializer is Orthogonal, which DL4J samples with a native SVD that
     * never returns for a 64x256 matrix; the initial values are overwritten by the stored weights anyway.
     */
    private static void replaceOrthogonalInitializers(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode value = field.getValue();
                if (field.getKey().endsWith("initializer") && isOrthogonal(value)) {
                    ObjectNode zeros = object.objectNode();
                    zeros.put("class_name", "Zeros");
                    zeros.putObject("config");
                    field.setValue(zeros);
                } else {
                    replaceOrthogonalInitializers(value);
                }
            }
        } else if (node != null && node.isArray()) {
            node.forEach(KerasModelFile::replaceOrthogonalInitializers);
        }
    }

    private static boolean isOrthogonal(JsonNode initializer) {
        String name = initializer.isTextual() ? initializer.asText() : initializer.path("class_name").asText();
        return name.equalsIgnoreCase("Orthogonal");
    }

    static KerasNetwork importNetwork(Path model, Config config, String file) throws ModelException {
        try (KerasModelBuilder builder = new KerasModel().modelBuilder()) {
            Keras3Weights keras3Weights = config.keras3Weights();
            if (keras3Weights == null) {
                // The file gives DL4J the weights; the JSON set after it replaces the file's model_config.
                builder.modelHdf5Filename(model.toString());
            }
            builder.modelJson(config.rewrittenJson())
                    // Keras >= 2.11 saves the optimizer as "Custom>Adam", which DL4J cannot map (deeplearning4j#10042).
                    .enforceTrainingConfig(false);
            if (keras3Weights == null) {
                return config.sequential()
                        ? KerasNetwork.of(builder.buildSequential().getMultiLayerNetwork())
                        : KerasNetwork.of(builder.buildModel().getComputationGraph());
            }
            // Keras 3 paths are not where DL4J looks for weights: build from the config, then set them.
            if (config.sequential()) {
                KerasSequentialModel imported = builder.buildSequential();
                keras3Weights.applyTo(imported.getLayers(), file);
                MultiLayerNetwork network = imported.getMultiLayerNetwork(false);
                KerasModelUtils.copyWeightsToModel(network, imported.getLayers());
                return KerasNetwork.of(network);
            }
            KerasModel imported = builder.buildModel();
            keras3Weights.applyTo(imported.getLayers(), file);
            ComputationGraph network = imported.getComputationGraph(false);
            KerasModelUtils.copyWeightsToModel(network, imported.getLayers());
            return KerasNetwork.of(network);
        } catch (ModelException e) {
            throw e;
        } catch (Exception | UnsatisfiedLinkError e) {
            throw new ModelException(ModelException.Code.UNSUPPORTED_MODEL, file,
                    "DL4J cannot import this Keras model: " + e.getMessage(),
                    "use layers DL4J 1.0.0-M2.1 supports (Conv1D, MaxPooling1D, Dropout, LSTM, Dense), or " + RESAVE, e);
        }
    }
}
