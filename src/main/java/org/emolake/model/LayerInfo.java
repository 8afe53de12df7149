package org.emolake.model;

import java.util.List;

/**
 * One layer of the imported network as DL4J runs it.
 *
 * @param name        the Keras layer name
 * @param type        the DL4J layer type it was imported as
 * @param outputShape the output shape for a batch of one, e.g. {@code [1, 64]}
 * @param parameters  number of trainable parameters
 */
public record LayerInfo(String name, String type, List<Long> outputShape, long parameters) {
    public LayerInfo {
        outputShape = List.copyOf(outputShape);
    }
}
