package org.emolake.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Subsampling1DLayer;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** An imported Keras network, Sequential or functional. Not thread-safe: one copy per thread. */
final class KerasNetwork {

    /** Largest difference accepted between the tuned and the imported network on the load-time probe. */
    static final double TUNING_TOLERANCE = 2e-6;

    private final MultiLayerNetwork sequential;
    private final ComputationGraph graph;
    /** Layers rewritten from channels-last (Keras, NWC) to DL4J's native channels-first (NCW) layout. */
    private final boolean channelsFirst;
    /** LSTM layers run by {@link NativeLstmHelper}. */
    private final boolean nativeLstm;

    private KerasNetwork(MultiLayerNetwork sequential, ComputationGraph graph) {
        this(sequential, graph, false, false);
    }

    private KerasNetwork(MultiLayerNetwork sequential, ComputationGraph graph, boolean channelsFirst, boolean nativeLstm) {
        this.sequential = sequential;
        this.graph = graph;
        this.channelsFirst = channelsFirst;
        this.nativeLstm = nativeLstm && NativeLstmHelper.install(sequential != null ? sequential.getLayers() : graph.getLayers()) > 0;
    }

    /**
     * Inference runs in workspaces (reused off-heap buffers): WorkspaceMode.NONE scores far fewer rows per
     * CPU-second (docs/MODEL_BUNDLE.md). Import already chooses it; stating it keeps it so.
     */
    static KerasNetwork of(MultiLayerNetwork network) {
        return new KerasNetwork(pinWorkspaces(network), null);
    }

    static KerasNetwork of(ComputationGraph network) {
        return new KerasNetwork(null, pinWorkspaces(network));
    }

    /** An independent copy with its own parameters and buffers (DL4J issues #9993, #9336). */
    KerasNetwork copy() {
        return sequential != null
                ? new KerasNetwork(pinWorkspaces(sequential.clone()), null, channelsFirst, nativeLstm)
                : new KerasNetwork(null, pinWorkspaces(cloneGraph(graph)), channelsFirst, nativeLstm);
    }

    /**
     * ComputationGraph.clone() rebuilds from a configuration clone that loses a MergeVertex's merge axis (a Keras
     * Concatenate then joins along time instead of channels); a JSON round trip keeps it.
     */
    private static ComputationGraph cloneGraph(ComputationGraph graph) {
        ComputationGraph copy = new ComputationGraph(ComputationGraphConfiguration.fromJson(graph.getConfiguration().toJson()));
        copy.init(graph.params().dup(), false);
        return copy;
    }

    /** Inference (dropout off) on {@code [batch, steps, channels]}; returns {@code [batch, outputs]}. */
    INDArray output(INDArray input) {
        INDArray in = channelsFirst ? toChannelsFirst(input) : input;
        return sequential != null ? sequential.output(in, false) : graph.outputSingle(false, in);
    }

    boolean channelsFirst() {
        return channelsFirst;
    }

    boolean nativeLstm() {
        return nativeLstm;
    }

    /**
     * A copy of this (imported) network tuned for inference speed, giving the same outputs: Conv1D, pooling and
     * recurrent layers switched to DL4J's native channels-first layout (the Keras import keeps channels last, so
     * every such layer permuted its input and output, and element-wise ops then ran on strided views), and LSTM
     * layers run by {@link NativeLstmHelper}. Each step is kept only if the tuned network reproduces this one's
     * output on a random probe batch within {@link #TUNING_TOLERANCE}; otherwise a plain copy is returned.
     */
    KerasNetwork tunedForInference(int steps, int channels) {
        INDArray probe = Nd4j.rand(DataType.FLOAT, 8, steps, channels).subi(0.5).muli(4);
        INDArray expected = output(probe);
        KerasNetwork firstChoice = channelsFirstCopy(true);
        if (firstChoice != null && firstChoice.reproduces(expected, probe)) {
            return firstChoice;
        }
        KerasNetwork helperOnly = sequential != null
                ? new KerasNetwork(pinWorkspaces(sequential.clone()), null, false, true)
                : new KerasNetwork(null, pinWorkspaces(cloneGraph(graph)), false, true);
        if (helperOnly.nativeLstm && helperOnly.reproduces(expected, probe)) {
            return helperOnly;
        }
        KerasNetwork layoutOnly = channelsFirstCopy(false);
        if (layoutOnly != null && layoutOnly.reproduces(expected, probe)) {
            return layoutOnly;
        }
        return copy();
    }

    private boolean reproduces(INDArray expected, INDArray probe) {
        try {
            INDArray actual = output(probe);
            return actual.equalShapes(expected) && actual.sub(expected).amaxNumber().doubleValue() <= TUNING_TOLERANCE;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The same layers and parameters with channels-first data formats, or null if a layer is not known to allow it. */
    private KerasNetwork channelsFirstCopy(boolean nativeLstm) {
        try {
            if (sequential != null) {
                // A JSON round trip, not clone(): clone() shares wrapped layer configurations (LastTimeStep's LSTM).
                MultiLayerConfiguration conf = MultiLayerConfiguration.fromJson(sequential.getLayerWiseConfigurations().toJson());
                if (!conf.getInputPreProcessors().isEmpty()) {
                    return null;
                }
                for (NeuralNetConfiguration layer : conf.getConfs()) {
                    if (!toChannelsFirst(layer.getLayer())) {
                        return null;
                    }
                }
                MultiLayerNetwork network = new MultiLayerNetwork(conf);
                network.init(sequential.params().dup(), false);
                return new KerasNetwork(pinWorkspaces(network), null, true, nativeLstm);
            }
            ComputationGraphConfiguration conf = ComputationGraphConfiguration.fromJson(graph.getConfiguration().toJson());
            for (org.deeplearning4j.nn.conf.graph.GraphVertex vertex : conf.getVertices().values()) {
                if (!(vertex instanceof org.deeplearning4j.nn.conf.graph.LayerVertex layerVertex)
                        || layerVertex.getPreProcessor() != null
                        || !toChannelsFirst(layerVertex.getLayerConf().getLayer())) {
                    return null;
                }
            }
            ComputationGraph network = new ComputationGraph(conf);
            network.init(graph.params().dup(), false);
            return new KerasNetwork(null, pinWorkspaces(network), true, nativeLstm);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Switches one layer configuration to channels first; false for layers not known to be layout-free or switchable. */
    private static boolean toChannelsFirst(org.deeplearning4j.nn.conf.layers.Layer layer) {
        if (layer instanceof BaseWrapperLayer wrapper) {
            return toChannelsFirst(wrapper.getUnderlying());
        }
        if (layer instanceof Convolution1DLayer conv) {
            conv.setRnnDataFormat(RNNFormat.NCW);
            conv.setCnn2dDataFormat(CNN2DFormat.NCHW);
            return true;
        }
        if (layer instanceof Subsampling1DLayer pool) {
            pool.setCnn2dDataFormat(CNN2DFormat.NCHW);
            return true;
        }
        if (layer instanceof BaseRecurrentLayer recurrent) {
            recurrent.setRnnDataFormat(RNNFormat.NCW);
            return true;
        }
        // Element-wise, or only ever fed the 2-d output of LastTimeStep / a pooling layer: no layout.
        return layer instanceof DropoutLayer || layer instanceof ActivationLayer || layer instanceof DenseLayer
                || layer instanceof BaseOutputLayer;
    }

    /** {@code [batch, steps, channels]} as {@code [batch, channels, steps]}: a reshape (no copy) for one channel. */
    private static INDArray toChannelsFirst(INDArray input) {
        if (input.size(2) == 1 && input.ordering() == 'c' && !input.isView()) {
            return input.reshape('c', input.size(0), 1, input.size(1));
        }
        return input.permute(0, 2, 1).dup('c');
    }

    private static MultiLayerNetwork pinWorkspaces(MultiLayerNetwork network) {
        network.getLayerWiseConfigurations().setInferenceWorkspaceMode(WorkspaceMode.ENABLED);
        return network;
    }

    private static ComputationGraph pinWorkspaces(ComputationGraph network) {
        network.getConfiguration().setInferenceWorkspaceMode(WorkspaceMode.ENABLED);
        return network;
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
