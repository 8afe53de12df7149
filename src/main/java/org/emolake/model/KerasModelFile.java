package org.emolake.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;
import org.deeplearning4j.nn.modelimport.keras.KerasModel;
import org.deeplearning4j.nn.modelimport.keras.utils.KerasModelBuilder;

/** Checks and imports a tf.keras 2 HDF5 model file ({@code model.save("cnn_lstm_model.h5")}). */
final class KerasModelFile {

    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    private static final String RESAVE = "re-save it from Python with model.save('cnn_lstm_model.h5') under "
            + "tf.keras 2 (TensorFlow <= 2.15, or the tf_keras package)";

    private KerasModelFile() {
    }

    /**
     * Rejects anything that is not a complete HDF5 file before the native HDF5 library sees it,
     * since that library reports such files with unhelpful errors or worse.
     */
    static void checkContainer(byte[] bytes, String file) throws ModelException {
        if (bytes.length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4) {
            throw new ModelException(ModelException.Code.KERAS3_ARCHIVE, file,
                    "this is a Keras 3 .keras zip archive, not an HDF5 model", RESAVE);
        }
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

    /** The parts of {@code model_config} the bundle checks before importing. */
    record Config(boolean sequential, int inputLength, int inputChannels, String rewrittenJson) {
    }

    static Config readConfig(Path h5, String file) throws ModelException {
        String json;
        Map<String, String> versionAttributes = new LinkedHashMap<>();
        try (Hdf5Archive archive = new Hdf5Archive(h5.toString())) {
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
        if (root instanceof ObjectNode object) {
            // DL4J takes the Keras version (and so the layer names) and backend from the model JSON,
            // where model.to_json() puts them; in an HDF5 file they are root attributes instead.
            versionAttributes.forEach((key, value) -> {
                if (!object.has(key)) {
                    object.put(key, value);
                }
            });
        }
        return new Config(sequential, shape.get(1).asInt(), shape.get(2).asInt(), root.toString());
    }

    private static JsonNode inputShape(JsonNode root, boolean sequential, String file) throws ModelException {
        JsonNode config = root.path("config");
        JsonNode layers = config.isArray() ? config : config.path("layers");
        JsonNode inputLayer = null;
        if (sequential) {
            inputLayer = layers.path(0);
        } else {
            JsonNode inputs = config.path("input_layers");
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
            if (config.path("output_layers").size() != 1) {
                throw new ModelException(ModelException.Code.UNSUPPORTED_MODEL, file,
                        "the model has " + config.path("output_layers").size() + " outputs, emolake reads exactly one",
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

    static KerasNetwork importNetwork(Path h5, Config config, String file) throws ModelException {
        try (KerasModelBuilder builder = new KerasModel().modelBuilder()) {
            builder.modelHdf5Filename(h5.toString())
                    .modelJson(config.rewrittenJson())
                    // Keras >= 2.11 saves the optimizer as "Custom>Adam", which DL4J cannot map (deeplearning4j#10042).
                    .enforceTrainingConfig(false);
            return config.sequential()
                    ? KerasNetwork.of(builder.buildSequential().getMultiLayerNetwork())
                    : KerasNetwork.of(builder.buildModel().getComputationGraph());
        } catch (Exception | UnsatisfiedLinkError e) {
            throw new ModelException(ModelException.Code.UNSUPPORTED_MODEL, file,
                    "DL4J cannot import this Keras model: " + e.getMessage(),
                    "use layers DL4J 1.0.0-M2.1 supports (Conv1D, MaxPooling1D, Dropout, LSTM, Dense) and " + RESAVE, e);
        }
    }
}
