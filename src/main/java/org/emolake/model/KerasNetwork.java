package org.emolake.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/** An imported Keras network, Sequential or functional. Not thread-safe: one copy per thread. */
final class KerasNetwork {

    private final MultiLayerNetwork sequential;
    private final ComputationGraph graph;

    private KerasNetwork(MultiLayerNetwork sequential, ComputationGraph graph) {
        this.sequential = sequential;
        this.graph = graph;
    }

    /**
     * Inference runs in workspaces (reused off-heap buffers): measured about twice the rows per CPU-second
     * of WorkspaceMode.NONE at batch 256. Import already chooses it; stating it keeps it so.
     */
    static KerasNetwork of(MultiLayerNetwork network) {
        network.getLayerWiseConfigurations().setInferenceWorkspaceMode(WorkspaceMode.ENABLED);
        return new KerasNetwork(network, null);
    }

    static KerasNetwork of(ComputationGraph network) {
        network.getConfiguration().setInferenceWorkspaceMode(WorkspaceMode.ENABLED);
        return new KerasNetwork(null, network);
    }

    /** An independent copy with its own parameters and buffers (DL4J issues #9993, #9336). */
    KerasNetwork copy() {
        return sequential != null ? of(sequential.clone()) : of(graph.clone());
    }

    /** Inference (dropout off) on {@code [batch, steps, channels]}; returns {@code [batch, outputs]}. */
    INDArray output(INDArray input) {
        return sequential != null ? sequential.output(input, false) : graph.outputSingle(false, input);
    }

    /** Each layer with its type, parameter count and the output shape it gives for {@code probe}. */
    List<LayerInfo> layers(INDArray probe) {
        List<LayerInfo> out = new ArrayList<>();
        if (sequential != null) {
            List<INDArray> activations = sequential.feedForward(probe, false);
            Layer[] layers = sequential.getLayers();
            for (int i = 0; i < layers.length; i++) {
                org.deeplearning4j.nn.conf.layers.Layer conf = layers[i].conf().getLayer();
                out.add(new LayerInfo(conf.getLayerName(), conf.getClass().getSimpleName(),
                        shape(activations.get(i + 1)), layers[i].numParams()));
            }
        } else {
            Map<String, INDArray> activations = graph.feedForward(probe, false);
            GraphVertex[] vertices = graph.getVertices();
            for (int index : graph.topologicalSortOrder()) {
                GraphVertex vertex = vertices[index];
                String type = vertex.hasLayer()
                        ? vertex.getLayer().conf().getLayer().getClass().getSimpleName()
                        : vertex.getClass().getSimpleName();
                INDArray activation = activations.get(vertex.getVertexName());
                out.add(new LayerInfo(vertex.getVertexName(), type,
                        activation == null ? List.of() : shape(activation),
                        vertex.hasLayer() ? vertex.getLayer().numParams() : 0));
            }
        }
        return out;
    }

    private static List<Long> shape(INDArray array) {
        return Arrays.stream(array.shape()).boxed().toList();
    }
}
