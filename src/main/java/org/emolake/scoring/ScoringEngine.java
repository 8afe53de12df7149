package org.emolake.scoring;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.emolake.audio.AudioException;
import org.emolake.audio.AudioHeader;
import org.emolake.audio.AudioLoader;
import org.emolake.model.ModelBundle;
import org.emolake.model.ModelException;

/**
 * The scoring {@link ClipPipeline} of one model bundle, built once per JVM, bundle and limits ({@link #forArtifacts})
 * so that every task of an executor shares the loaded model: the Spark job broadcasts the bundle's bytes and each
 * executor gets its engine here. Thread-safe.
 */
public final class ScoringEngine {
    private static final Map<ModelBundle, Map<ScoringLimits, ScoringEngine>> ENGINES = new IdentityHashMap<>();

    private final ModelBundle bundle;
    private final ClipPipeline pipeline;

    private ScoringEngine(ModelBundle bundle, ScoringLimits limits) {
        this.bundle = bundle;
        this.pipeline = ClipPipeline.scoring(bundle, limits);
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
     * @throws org.emolake.audio.NativeLibraryUnavailableException if a native library (libsoxr, libsndfile) cannot be loaded
     */
    public static ScoringEngine forArtifacts(Map<String, byte[]> artifacts) {
        return forArtifacts(artifacts, ScoringLimits.defaults());
    }

    /**
     * The engine for these artifacts and per-clip limits, built on first use in this JVM and shared afterwards (one
     * per bundle and distinct limits).
     *
     * @throws IllegalArgumentException if the bundle cannot be loaded (the message names the file and the reason)
     * @throws org.emolake.audio.NativeLibraryUnavailableException if a native library (libsoxr, libsndfile) cannot be loaded
     */
    public static ScoringEngine forArtifacts(Map<String, byte[]> artifacts, ScoringLimits limits) {
        Objects.requireNonNull(limits, "limits");
        AudioLoader.checkAvailable();
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
        return pipeline.limits();
    }

    /**
     * One outcome per input, in input order (the engine featurizes whole clips). A clip that cannot be decoded, is
     * too short or gives features the model refuses becomes an error outcome; nothing thrown here concerns a single
     * clip. Each clip's decoding and features run on the calling thread under {@link ScoringLimits#clipTimeout()}: a
     * clip that takes longer becomes a {@code TIMEOUT} outcome and the batch goes on with the next clip.
     */
    public List<ClipOutcome> score(List<? extends AudioSource> batch, boolean keepFeatures) {
        return pipeline.run(batch, keepFeatures);
    }

    /** {@link ClipPipeline#segments} of this engine's pipeline. */
    public List<ClipOutcome> segments(AudioSource source, SegmentGrid grid, int fromIndex, int toIndex,
            boolean keepFeatures) {
        return pipeline.segments(source, grid, fromIndex, toIndex, keepFeatures);
    }

    /** {@link ClipPipeline#probe} of this engine's pipeline. */
    public AudioHeader probe(AudioSource source) throws AudioException {
        return pipeline.probe(source);
    }
}
