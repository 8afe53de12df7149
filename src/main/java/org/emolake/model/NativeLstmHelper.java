package org.emolake.model;

import java.lang.reflect.Field;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.FwdPassReturn;
import org.deeplearning4j.nn.layers.recurrent.LSTM;
import org.deeplearning4j.nn.layers.recurrent.LastTimeStepLayer;
import org.deeplearning4j.nn.layers.recurrent.LSTMHelper;
import org.deeplearning4j.nn.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Inference forward pass of a DL4J {@link LSTM} layer in one call of libnd4j's fused {@code lstmLayer} op
 * instead of DL4J's Java loop ({@code LSTMHelpers}: about 15 separate native ops per time step, each with its
 * JNI call, shape bookkeeping and a strided element-wise kernel; most of the scoring CPU time in a profile of
 * the 55-step CNN-LSTM, docs/MODEL_BUNDLE.md). Installed through the layer's helper hook, the one DL4J uses for cuDNN/oneDNN.
 *
 * <p>Only plain inference is handled: sigmoid gates, tanh cell/output activation, no peepholes, forward
 * direction, no mask, float32, not training. For anything else {@link #activate} returns {@code null} and
 * DL4J runs its own loop. DL4J stores the gates as [block input, forget, output, input gate]; the op takes
 * [input, forget, block input, output], so the weights are reordered once.
 */
final class NativeLstmHelper implements LSTMHelper {

    private static final Field HELPER_FIELD = helperField();

    /**
     * The layer sits directly in a LastTimeStep wrapper (Keras {@code return_sequences=False}): only the last
     * output step is computed and handed back as a sequence of length 1, which is what LastTimeStep then takes.
     * The op then also gets its input time-major ([time, batch, nIn]), which it walks without strided copies.
     */
    private final boolean lastStepOnly;

    private NativeLstmHelper(boolean lastStepOnly) {
        this.lastStepOnly = lastStepOnly;
    }

    private INDArray sourceInput;
    private INDArray sourceRecurrent;
    private INDArray sourceBias;
    private INDArray inputWeights;
    private INDArray recurrentWeights;
    private INDArray bias;

    /** Installs a helper on every DL4J LSTM layer (also inside LastTimeStep and other wrappers); returns how many. */
    static int install(Layer[] layers) {
        if (HELPER_FIELD == null) {
            return 0;
        }
        int installed = 0;
        for (Layer layer : layers) {
            Layer inner = layer;
            while (inner instanceof BaseWrapperLayer wrapper) {
                inner = wrapper.getUnderlying();
            }
            if (inner != null && inner.getClass() == LSTM.class) {
                boolean lastStepOnly = layer instanceof LastTimeStepLayer wrapper && wrapper.getUnderlying() == inner;
                try {
                    HELPER_FIELD.set(inner, new NativeLstmHelper(lastStepOnly));
                    installed++;
                } catch (IllegalAccessException e) {
                    return installed;
                }
            }
        }
        return installed;
    }

    /** Removes the helpers again (DL4J's own loop). */
    static void uninstall(Layer[] layers) {
        for (Layer layer : layers) {
            Layer inner = layer;
            while (inner instanceof BaseWrapperLayer wrapper) {
                inner = wrapper.getUnderlying();
            }
            if (HELPER_FIELD != null && inner != null && inner.getClass() == LSTM.class) {
                try {
                    if (HELPER_FIELD.get(inner) instanceof NativeLstmHelper) {
                        HELPER_FIELD.set(inner, null);
                    }
                } catch (IllegalAccessException e) {
                    // left as it is
                }
            }
        }
    }

    private static Field helperField() {
        try {
            Field field = LSTM.class.getDeclaredField("helper");
            field.setAccessible(true);
            return LSTMHelper.class.isAssignableFrom(field.getType()) ? field : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public boolean checkSupported(IActivation gateActivationFn, IActivation activationFn, boolean hasPeepholeConnections) {
        return gateActivationFn instanceof ActivationSigmoid && activationFn instanceof ActivationTanH && !hasPeepholeConnections;
    }

    @Override
    public boolean checkSupported() {
        return true;
    }

    @Override
    public Map<String, Long> helperMemoryUse() {
        return Collections.emptyMap();
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(NeuralNetConfiguration conf, IActivation gateActivationFn, INDArray input,
            INDArray recurrentWeights, INDArray inputWeights, INDArray epsilon, boolean truncatedBPTT, int tbpttBackwardLength,
            FwdPassReturn fwdPass, boolean forwards, String inputWeightKey, String recurrentWeightKey, String biasWeightKey,
            Map<String, INDArray> gradientViews, INDArray maskArray, boolean hasPeepholeConnections,
            LayerWorkspaceMgr workspaceMgr) {
        return null;
    }

    @Override
    public FwdPassReturn activate(Layer layer, NeuralNetConfiguration conf, IActivation gateActivationFn, INDArray input,
            INDArray recurrentWeights, INDArray inputWeights, INDArray biases, boolean training,
            INDArray prevOutputActivations, INDArray prevMemCellState, boolean forBackprop, boolean forwards,
            String inputWeightKey, INDArray maskArray, boolean hasPeepholeConnections, LayerWorkspaceMgr workspaceMgr) {
        IActivation activation = ((org.deeplearning4j.nn.conf.layers.LSTM) conf.getLayer()).getActivationFn();
        int units = (int) recurrentWeights.size(0);
        if (training || forBackprop || !forwards || maskArray != null || hasPeepholeConnections
                || !checkSupported(gateActivationFn, activation, false)
                || input.rank() != 3 || input.dataType() != DataType.FLOAT
                || recurrentWeights.size(1) != 4L * units || prevOutputActivations == null || prevMemCellState == null) {
            return null;
        }
        reorderWeights(inputWeights, recurrentWeights, biases, units);
        // Data format 2 = [batch, nIn, time] (DL4J's NCW); 0 = [time, batch, nIn].
        INDArray x = lastStepOnly ? input.permute(2, 0, 1).dup('c') : contiguous(input);
        DynamicCustomOp op = DynamicCustomOp.builder("lstmLayer")
                .addInputs(x, this.inputWeights, this.recurrentWeights, bias,
                        contiguous(prevOutputActivations), contiguous(prevMemCellState))
                // hasBias, hasSeqLen, hasInitH, hasInitC, hasPeephole, retFullSeq, retLastH, retLastC
                .addBooleanArguments(true, false, true, true, false, !lastStepOnly, true, true)
                // data format, direction forward, gate sigmoid(2), cell tanh(0), output tanh(0)
                .addIntegerArguments(lastStepOnly ? 0 : 2, 0, 2, 0, 0)
                .addFloatingPointArguments(0.0) // cell clipping off
                .build();
        List<LongShapeDescriptor> shapes = op.calculateOutputShape();
        for (LongShapeDescriptor shape : shapes) {
            op.addOutputArgument(workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, shape.dataType(), shape.getShape(),
                    shape.getOrder()));
        }
        Nd4j.exec(op);
        FwdPassReturn result = new FwdPassReturn();
        int first = lastStepOnly ? 0 : 1;
        result.lastAct = op.getOutputArgument(first);
        result.lastMemCell = op.getOutputArgument(first + 1);
        result.fwdPassOutput = lastStepOnly
                ? result.lastAct.reshape('c', result.lastAct.size(0), units, 1)
                : op.getOutputArgument(0);
        return result;
    }

    private static INDArray contiguous(INDArray array) {
        return array.ordering() == 'c' && !array.isView() ? array : array.dup('c');
    }

    /** The op's gate order from DL4J's; computed once per parameter array, outside any workspace. */
    private void reorderWeights(INDArray input, INDArray recurrent, INDArray biases, int units) {
        if (input == sourceInput && recurrent == sourceRecurrent && biases == sourceBias) {
            return;
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            inputWeights = gatesInOpOrder(input, units);
            recurrentWeights = gatesInOpOrder(recurrent, units);
            bias = gatesInOpOrder(biases.reshape(1, biases.length()), units).reshape(4L * units);
        }
        sourceInput = input;
        sourceRecurrent = recurrent;
        sourceBias = biases;
    }

    /** Columns [g f o i] (DL4J) to [i f g o] (lstmLayer), as a new c-ordered array. */
    private static INDArray gatesInOpOrder(INDArray dl4j, int units) {
        INDArray out = Nd4j.create(dl4j.dataType(), new long[] {dl4j.size(0), 4L * units}, 'c');
        int[] from = {3, 1, 0, 2};
        for (int gate = 0; gate < 4; gate++) {
            out.get(NDArrayIndex.all(), NDArrayIndex.interval((long) gate * units, (long) (gate + 1) * units))
                    .assign(dl4j.get(NDArrayIndex.all(), NDArrayIndex.interval((long) from[gate] * units, (long) (from[gate] + 1) * units)));
        }
        return out;
    }
}
