package org.emolake.scoring;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.emolake.audio.AudioException;
import org.emolake.audio.AudioLoader;
import org.emolake.audio.ClipDeadline;
import org.emolake.audio.ErrorCode;
import org.emolake.audio.LoadedAudio;
import org.emolake.audio.Resampler;
import org.emolake.features.FeatureExtractor;
import org.emolake.model.ModelBundle;
import org.emolake.model.ModelException;
import org.emolake.model.Prediction;
import org.emolake.model.Scorer;

/**
 * Clip bytes in, predictions out: audio loading, the 110 features and the model, batched. Plain Java: the Spark job
 * only feeds it.
 *
 * <p>Built once per JVM and model ({@link #forArtifacts}); thread-safe. Decoding and features run on the calling
 * thread; each thread gets its own copy of the network, because Deeplearning4j networks are not thread-safe.
 */
public final class ScoringEngine {
    private static final Map<ModelBundle, Map<ScoringLimits, ScoringEngine>> ENGINES = new IdentityHashMap<>();

    private final ModelBundle bundle;
    private final ScoringLimits limits;
    private final AudioLoader loader;
    private final FeatureExtractor extractor = new FeatureExtractor();
    private final ThreadLocal<Scorer> scorers;

    private ScoringEngine(ModelBundle bundle, ScoringLimits limits) {
        this.bundle = bundle;
        this.limits = limits;
        this.loader = limits.newLoader();
        this.scorers = ThreadLocal.withInitial(bundle::newScorer);
    }

    /** The bytes of every artifact of the bundle in {@code modelDir}, to broadcast to executors. */
    public static Map<String, byte[]> readArtifacts(Path modelDir) throws IOException {
        try {
            return ModelBundle.readArtifacts(modelDir);
        } catch (ModelException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * The engine for these artifacts, built on first use in this JVM and shared afterwards.
     *
     * @throws IllegalArgumentException if the bundle cannot be loaded (the message names the file and the reason)
     * @throws org.emolake.audio.SoxrUnavailableException if libsoxr is missing on this machine
     */
    public static ScoringEngine forArtifacts(Map<String, byte[]> artifacts) {
        return forArtifacts(artifacts, ScoringLimits.defaults());
    }

    /**
     * The engine for these artifacts and per-clip limits, built on first use in this JVM and shared afterwards (one
     * per bundle and distinct limits).
     *
     * @throws IllegalArgumentException if the bundle cannot be loaded (the message names the file and the reason)
     * @throws org.emolake.audio.SoxrUnavailableException if libsoxr is missing on this machine
     */
    public static ScoringEngine forArtifacts(Map<String, byte[]> artifacts, ScoringLimits limits) {
        Objects.requireNonNull(limits, "limits");
        Resampler.checkAvailable();
        ModelBundle bundle;
        try {
            bundle = ModelBundle.shared(artifacts);
        } catch (ModelException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        synchronized (ENGINES) {
            return ENGINES.computeIfAbsent(bundle, b -> new HashMap<>())
                    .computeIfAbsent(limits, l -> new ScoringEngine(bundle, l));
        }
    }

    /** The bundle's model name, or the model file's name when model.json gives none. */
    public String modelName() {
        String name = bundle.metadata().name();
        return name.isEmpty() ? bundle.modelFile() : name;
    }

    public String modelSha256() {
        return bundle.sha256();
    }

    public String featureSet() {
        return bundle.metadata().featureSet();
    }

    public List<String> labels() {
        return bundle.labels();
    }

    /** The per-clip limits this engine applies. */
    public ScoringLimits limits() {
        return limits;
    }

    /**
     * One outcome per input, in input order. A clip that cannot be decoded, is too short or gives features the model
     * refuses becomes an error outcome; nothing thrown here concerns a single clip. Each clip's decoding and features
     * run on the calling thread under {@link ScoringLimits#clipTimeout()}: a clip that takes longer becomes a
     * {@code TIMEOUT} outcome and the batch goes on with the next clip.
     */
    public List<ClipOutcome> score(List<ClipInput> batch, boolean keepFeatures) {
        ClipOutcome[] outcomes = new ClipOutcome[batch.size()];
        List<double[]> rows = new ArrayList<>(batch.size());
        List<Integer> rowClips = new ArrayList<>(batch.size());
        LoadedAudio[] audio = new LoadedAudio[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            ClipInput clip = batch.get(i);
            int index = i;
            try {
                double[] features = ClipDeadline.run(clip.path(), limits.clipTimeout(), () -> {
                    audio[index] = loader.load(clip.bytes(), clip.path());
                    return extractor.extract(audio[index].samples(), clip.path());
                });
                rows.add(features);
                rowClips.add(i);
            } catch (AudioException e) {
                outcomes[i] = withAudio(ClipOutcome.error(e.code().name(), e.getMessage()), audio[i]);
            } catch (RuntimeException e) {
                // A defect must cost one clip its prediction, never the batch or the job.
                outcomes[i] = withAudio(ClipOutcome.error(ErrorCode.INTERNAL_ERROR.name(),
                        "Cannot score " + clip.path() + ": internal error " + e), audio[i]);
            }
        }
        List<Prediction> predictions = rows.isEmpty() ? List.of() : scorers.get().score(rows);
        for (int r = 0; r < predictions.size(); r++) {
            int i = rowClips.get(r);
            Prediction p = predictions.get(r);
            double[] features = keepFeatures ? rows.get(r) : null;
            if (p.isOk()) {
                outcomes[i] = new ClipOutcome(ClipOutcome.OK, null, null, p.label(), p.confidence(),
                        probabilities(p), audio[i].durationSeconds(), audio[i].sourceSampleRate(), features);
            } else {
                outcomes[i] = new ClipOutcome(ClipOutcome.ERROR, p.errorCode().name(),
                        "Cannot score " + batch.get(i).path() + ": " + p.errorMessage(), null, null, null,
                        audio[i].durationSeconds(), audio[i].sourceSampleRate(), features);
            }
        }
        return List.of(outcomes);
    }

    private Map<String, Double> probabilities(Prediction p) {
        List<String> labels = bundle.labels();
        double[] values = p.probabilities();
        Map<String, Double> out = new LinkedHashMap<>();
        for (int k = 0; k < labels.size(); k++) {
            out.put(labels.get(k), values[k]);
        }
        return Collections.unmodifiableMap(out);
    }

    private static ClipOutcome withAudio(ClipOutcome error, LoadedAudio audio) {
        if (audio == null) {
            return error;
        }
        return new ClipOutcome(error.status(), error.errorCode(), error.errorMessage(), null, null, null,
                audio.durationSeconds(), audio.sourceSampleRate(), null);
    }
}
