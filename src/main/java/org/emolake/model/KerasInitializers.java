package org.emolake.model;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The kernel/bias part of a Conv1D or Dense layer config, as tf.keras 2.13+ and Keras 3 both write it (the same
 * serialised initializers, null regularizers and constraints): shared by {@link KerasH5Writer} and
 * {@link Keras3ArchiveWriter}, whose layer configs differ elsewhere (dtype, module names, build configs).
 */
final class KerasInitializers {
    private KerasInitializers() {
    }

    /** Glorot-uniform kernel, zero bias, no regularizers or constraints. */
    static void kernelAndBias(ObjectNode config) {
        config.set("kernel_initializer", initializer("GlorotUniform", true));
        config.set("bias_initializer", initializer("Zeros", false));
        for (String key : new String[] {"kernel_regularizer", "bias_regularizer", "activity_regularizer",
                "kernel_constraint", "bias_constraint"}) {
            config.putNull(key);
        }
    }

    /** A serialised {@code keras.initializers} object; {@code seeded} ones carry {@code "seed": null}. */
    static ObjectNode initializer(String className, boolean seeded) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("module", "keras.initializers");
        node.put("class_name", className);
        ObjectNode config = node.putObject("config");
        if (seeded) {
            config.putNull("seed");
        }
        node.putNull("registered_name");
        return node;
    }
}
