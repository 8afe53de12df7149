package org.emolake.model;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Translates a Keras 3 model config (from a Keras 3 {@code .h5}'s {@code model_config} or a {@code .keras} archive's
 * {@code config.json}) into the tf.keras 2.15 form DL4J's Keras import reads:
 *
 * <ul>
 *   <li>{@code batch_shape} becomes {@code batch_input_shape};</li>
 *   <li>{@code DTypePolicy} objects become the dtype string; any policy but float32 is refused;</li>
 *   <li>{@code module}, {@code registered_name}, {@code build_config} and {@code shared_object_id} are dropped, after
 *       refusing layers that are not Keras' own (custom objects);</li>
 *   <li>flat tensor references ({@code ["input_layer", 0, 0]}) in {@code input_layers} / {@code output_layers} become
 *       lists of them, and {@code inbound_nodes} entries {@code {"args": [...], "kwargs": {...}}} become
 *       {@code [[layer, node, tensor, {}], ...]};</li>
 *   <li>{@code keras_version} is set to 2.15.0, the form the translated JSON now has.</li>
 * </ul>
 *
 * Masking (a {@code Masking} layer, {@code mask_zero}, a mask passed between layers) is refused: emolake feeds
 * fixed-length vectors, and DL4J's handling of Keras masks differs from Keras 3's.
 */
final class Keras3Config {

    /** The Keras version the translated config imitates (DL4J imports Keras 1 and 2 configs only). */
    static final String TRANSLATED_VERSION = "2.15.0";

    private static final Set<String> DROPPED_KEYS = Set.of("module", "registered_name", "build_config", "shared_object_id");
    private static final Set<String> MASKING_LAYERS = Set.of("Masking");
    /** Wrappers whose Keras 3 weights nest one layer per direction, which {@link Keras3Weights} does not map. */
    private static final Set<String> NESTED_WEIGHT_LAYERS = Set.of("Bidirectional");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String file;

    private Keras3Config(String file) {
        this.file = file;
    }

    /** The tf.keras 2 form of {@code root}; the argument is not changed. */
    static ObjectNode toKeras2(JsonNode root, String file) throws ModelException {
        if (!(root instanceof ObjectNode object)) {
            throw new ModelException(ModelException.Code.UNREADABLE_MODEL, file, "the model config is not a JSON object",
                    "save the model with model.save(...) from Keras");
        }
        ObjectNode copy = object.deepCopy();
        Keras3Config translation = new Keras3Config(file);
        translation.checkOwnObject(copy, "the model");
        JsonNode config = copy.path("config");
        ArrayNode layers = config.path("layers") instanceof ArrayNode array ? array : null;
        if (layers == null) {
            throw new ModelException(ModelException.Code.UNREADABLE_MODEL, file, "the model config lists no layers",
                    "save the whole model with model.save(...)");
        }
        for (JsonNode layer : layers) {
            translation.layer((ObjectNode) layer);
        }
        if (config instanceof ObjectNode modelConfig) {
            for (String key : new String[] {"input_layers", "output_layers"}) {
                if (modelConfig.has(key)) {
                    modelConfig.set(key, tensorReferences(modelConfig.get(key)));
                }
            }
            translation.values(modelConfig, "the model");
        }
        DROPPED_KEYS.forEach(copy::remove);
        copy.put("keras_version", TRANSLATED_VERSION);
        copy.put("backend", "tensorflow");
        return copy;
    }

    /**
     * A functional model's {@code input_layers} / {@code output_layers} as a list of {@code [name, node, tensor]}:
     * Keras 3 writes a single reference flat, tf.keras 2 always nests.
     */
    static ArrayNode tensorReferences(JsonNode references) {
        ArrayNode out = NODES.arrayNode();
        if (references.isArray() && references.size() > 0 && references.get(0).isTextual()) {
            out.add(references.deepCopy());
        } else if (references.isArray()) {
            references.forEach(reference -> out.add(reference.deepCopy()));
        }
        return out;
    }

    private void layer(ObjectNode layer) throws ModelException {
        String className = layer.path("class_name").asText();
        String name = layer.path("config").path("name").asText(layer.path("name").asText(className));
        String where = "layer " + name + " (" + className + ")";
        checkOwnObject(layer, where);
        if (MASKING_LAYERS.contains(className) || layer.path("config").path("mask_zero").asBoolean(false)) {
            throw unsupported(where + " masks its input; emolake feeds fixed-length vectors without masks",
                    "remove the Masking layer / mask_zero=True and pad the inputs yourself");
        }
        if (NESTED_WEIGHT_LAYERS.contains(className)) {
            throw unsupported(where + " is not supported in Keras 3 files (its weights nest a layer per direction)",
                    "use a plain LSTM, or save the model with tf.keras 2 (tf_keras) as cnn_lstm_model.h5");
        }
        if (layer.path("config") instanceof ObjectNode config) {
            values(config, where);
            if (config.has("batch_shape") && !config.has("batch_input_shape")) {
                config.set("batch_input_shape", config.remove("batch_shape"));
            }
        }
        if (layer.get("inbound_nodes") instanceof ArrayNode nodes) {
            ArrayNode translated = NODES.arrayNode();
            for (JsonNode node : nodes) {
                translated.add(node.isObject() ? inboundNode(node, where) : node.deepCopy());
            }
            layer.set("inbound_nodes", translated);
        }
        DROPPED_KEYS.forEach(layer::remove);
    }

    /** Keras 3 {@code {"args": [tensor...], "kwargs": {...}}} as tf.keras 2's {@code [[name, node, tensor, {}], ...]}. */
    private ArrayNode inboundNode(JsonNode node, String where) throws ModelException {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.path("kwargs").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> kwarg = it.next();
            if (kwarg.getKey().equals("mask") && !kwarg.getValue().isNull() || hasTensor(kwarg.getValue())) {
                throw unsupported(where + " is called with the tensor argument " + kwarg.getKey()
                                + " (masks, initial states and extra inputs are not supported)",
                        "call each layer on one tensor (or a list of tensors) only");
            }
        }
        ArrayNode out = NODES.arrayNode();
        collectTensors(node.path("args"), out);
        return out;
    }

    private static void collectTensors(JsonNode value, ArrayNode out) {
        if (isTensor(value)) {
            ArrayNode reference = value.path("config").path("keras_history").deepCopy();
            reference.addObject();
            out.add(reference);
        } else if (value.isArray()) {
            value.forEach(element -> collectTensors(element, out));
        }
    }

    private static boolean hasTensor(JsonNode value) {
        if (isTensor(value)) {
            return true;
        }
        for (JsonNode child : value) {
            if (hasTensor(child)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTensor(JsonNode value) {
        return value.isObject() && "__keras_tensor__".equals(value.path("class_name").asText());
    }

    /** Rewrites dtype policies and drops Keras 3 bookkeeping keys in the values of a config object. */
    private void values(ObjectNode config, String where) throws ModelException {
        for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            if (field.getKey().equals("dtype") || field.getKey().equals("dtype_policy")) {
                field.setValue(NODES.textNode(dtype(value, where)));
            } else if (value instanceof ObjectNode object && object.has("class_name")) {
                checkOwnObject(object, where + " " + field.getKey());
                values(object, where);
                DROPPED_KEYS.forEach(object::remove);
            } else if (value instanceof ObjectNode object) {
                values(object, where);
            }
        }
    }

    private String dtype(JsonNode value, String where) throws ModelException {
        String dtype = value.isTextual() ? value.asText()
                : value.path("config").path("name").asText(value.path("class_name").asText());
        if (!"float32".equals(dtype)) {
            throw unsupported(where + " uses the dtype policy " + dtype + "; emolake runs float32 networks only",
                    "train with keras.mixed_precision.set_global_policy('float32'), or re-save the model after "
                            + "rebuilding it in float32");
        }
        return dtype;
    }

    /** Keras' own objects have a module {@code keras...} (or none) and no registered name. */
    private void checkOwnObject(ObjectNode object, String where) throws ModelException {
        JsonNode module = object.get("module");
        JsonNode registered = object.get("registered_name");
        String className = object.path("class_name").asText();
        boolean ownModule = module == null || module.isNull() && registered == null
                || module.isTextual() && (module.asText().equals("keras") || module.asText().startsWith("keras."));
        boolean registeredElsewhere = registered != null && !registered.isNull() && !registered.asText().equals(className);
        if (!ownModule || registeredElsewhere) {
            String id = registered != null && !registered.isNull() ? registered.asText()
                    : module.asText("?") + "." + className;
            throw unsupported(where + " is the custom object " + id + ", which only the Python code that defined it "
                    + "can rebuild", "build the model from Keras' own layers (Conv1D, MaxPooling1D, Dropout, LSTM, Dense)");
        }
    }

    private ModelException unsupported(String reason, String fix) {
        return new ModelException(ModelException.Code.UNSUPPORTED_MODEL, file, reason, fix);
    }
}
