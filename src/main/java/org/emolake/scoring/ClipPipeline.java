package org.emolake.scoring;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.emolake.audio.AudioException;
import org.emolake.audio.AudioHeader;
import org.emolake.audio.AudioLoader;
import org.emolake.audio.ClipDeadline;
import org.emolake.audio.ErrorCode;
import org.emolake.audio.LoadedAudio;
import org.emolake.audio.OpenAudio;
import org.emolake.features.FeatureExtractor;
import org.emolake.model.ModelBundle;
import org.emolake.model.Prediction;
import org.emolake.model.Scorer;

/**
 * The one path from a clip to an outcome, used by every command and job (docs/ARCHITECTURE.md):
 *
 * <ol>
 * <li>{@link AudioSource} — the encoded file;</li>
 * <li>decoding — {@link AudioLoader} ({@code librosa.load(sr=22050, mono=True)}), under the per-clip
 * {@link ScoringLimits};</li>
 * <li>{@link UnitPlan} — which stretches of the clip are featurized (the whole clip today);</li>
 * <li>features — {@link FeatureExtractor}, the 110 values of feature set v1;</li>
 * <li>scaling and the model — {@link Scorer} (the bundle's {@link org.emolake.model.StandardScaler} and network), in
 * batches; skipped by a {@link #featuresOnly} pipeline;</li>
 * <li>post-processing — label, confidence and probabilities per class: a {@link ClipOutcome}.</li>
 * </ol>
 *
 * Steps 1 to 4 of one clip run on the calling thread under {@link ScoringLimits#clipTimeout()}
 * ({@link ClipDeadline}); everything that goes wrong with one clip, including running out of memory while decoding
 * it, is an {@link ClipOutcome.Error} naming the clip, never an exception. Thread-safe: each thread gets its own
 * copy of the network, because Deeplearning4j networks are not thread-safe.
 */
public final class ClipPipeline {
    /** Built on first use, so that a pipeline that only classifies features needs no audio library. */
    static final class Extractor {
        static final FeatureExtractor INSTANCE = new FeatureExtractor();
    }

    private final ScoringLimits limits;
    private final AudioLoader loader;
    private final UnitPlan plan;
    /** Null for a features-only pipeline. */
    private final ModelBundle bundle;
    private final ThreadLocal<Scorer> scorers;

    private ClipPipeline(ScoringLimits limits, UnitPlan plan, ModelBundle bundle) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.loader = limits.newLoader();
        this.plan = Objects.requireNonNull(plan, "plan");
        this.bundle = bundle;
        this.scorers = bundle == null ? null : ThreadLocal.withInitial(bundle::newScorer);
    }

    /** Decoding and features only, no model: the {@code features} command and training. */
    public static ClipPipeline featuresOnly(ScoringLimits limits) {
        return new ClipPipeline(limits, UnitPlan.WHOLE_CLIP, null);
    }

    /** The whole path up to a classification by {@code bundle}. */
    public static ClipPipeline scoring(ModelBundle bundle, ScoringLimits limits) {
        return new ClipPipeline(limits, UnitPlan.WHOLE_CLIP, Objects.requireNonNull(bundle, "bundle"));
    }

    /** This pipeline with another way of cutting clips into units. */
    public ClipPipeline withUnitPlan(UnitPlan unitPlan) {
        return new ClipPipeline(limits, unitPlan, bundle);
    }

    public ScoringLimits limits() {
        return limits;
    }

    /**
     * Outcomes of every source, in order: one per unit of each clip that was decoded ({@link UnitPlan#WHOLE_CLIP}:
     * one per clip), one {@link ClipOutcome.Error} for each clip that was not. Decoding and features run clip by clip
     * on the calling thread; the model then scores all units of the batch together.
     *
     * @param keepFeatures whether outcomes of a scoring pipeline carry the raw features (a features-only pipeline
     *                     always keeps them)
     */
    public List<ClipOutcome> run(List<? extends AudioSource> sources, boolean keepFeatures) {
        List<ClipOutcome> featurized = new ArrayList<>(sources.size());
        for (AudioSource source : sources) {
            featurized.addAll(featurize(source));
        }
        return bundle == null ? featurized : classify(featurized, keepFeatures);
    }

    /**
     * Steps 5 and 6 alone, for feature vectors computed elsewhere ({@code emolake predict}): one outcome per row, in
     * order; a row the model refuses (wrong length, NaN, out of range) is an {@link ClipOutcome.Error}.
     *
     * @param names what each row is called in messages (its id)
     * @param rows  raw (unscaled) feature vectors
     * @throws IllegalStateException on a features-only pipeline
     */
    public List<ClipOutcome> classifyFeatures(List<String> names, List<double[]> rows) {
        if (bundle == null) {
            throw new IllegalStateException("Cannot classify features: this pipeline has no model");
        }
        if (names.size() != rows.size()) {
            throw new IllegalArgumentException("Cannot classify features: " + names.size() + " names for "
                    + rows.size() + " rows");
        }
        List<ClipOutcome> featurized = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            featurized.add(new ClipOutcome.Ok(names.get(i), null, 0, rows.get(i), null));
        }
        return classify(featurized, false);
    }

    /** Decoding and features of one clip (steps 1 to 4): one {@link ClipOutcome.Ok} per unit with its features. */
    public List<ClipOutcome> featurize(AudioSource source) {
        String name = source.name();
        ClipOutcome.AudioFacts[] facts = {null};
        try {
            return ClipDeadline.run(name, limits.clipTimeout(), () -> {
                LoadedAudio audio = loader.load(source.read(limits.maxFileBytes()), name);
                facts[0] = ClipOutcome.AudioFacts.of(audio);
                List<ClipOutcome> units = new ArrayList<>();
                for (AudioUnit unit : plan.units(audio, name)) {
                    units.add(new ClipOutcome.Ok(name, facts[0], unit.startSample(),
                            Extractor.INSTANCE.extract(unit.samples(), name), null));
                }
                return units;
            });
        } catch (AudioException e) {
            return List.of(new ClipOutcome.Error(name, e.code().name(), e.getMessage(), facts[0], null));
        } catch (OutOfMemoryError e) {
            // The clip's own arrays are unreachable once the stack has unwound to here, so the next clip has the
            // heap back; the row says what happened instead of a failed task with an unrelated message.
            return List.of(new ClipOutcome.Error(name, ErrorCode.OUT_OF_MEMORY.name(), outOfMemory(name), facts[0],
                    null));
        } catch (RuntimeException e) {
            // A defect must cost one clip its outcome, never the batch or the job.
            return List.of(new ClipOutcome.Error(name, ErrorCode.INTERNAL_ERROR.name(),
                    "Cannot process " + name + ": internal error " + e, facts[0], null));
        }
    }

    /**
     * What the recording's header says (frames, rate, channels, format), read without decoding samples.
     *
     * @throws AudioException naming the file when it cannot be opened or its header read, or when it is over the
     *                        duration limit ({@link ErrorCode#TOO_LONG})
     */
    public AudioHeader probe(AudioSource source) throws AudioException {
        String name = source.name();
        return ClipDeadline.run(name, limits.clipTimeout(), () -> {
            try (SeekableByteChannel channel = source.open(limits.maxFileBytes());
                 OpenAudio audio = loader.open(channel, name)) {
                return audio.header();
            } catch (IOException e) {
                throw new AudioException(ErrorCode.UNREADABLE, name, "cannot close: " + e.getMessage(), e);
            }
        });
    }

    /**
     * Segments {@code fromIndex} (inclusive) to {@code min(toIndex, count)} (exclusive) of a recording cut by
     * {@code grid}: one outcome per segment, in order, each decoded from its own range of the source
     * ({@link AudioSource#open}), featurized and, with a model, classified (the segments together, in one batch).
     * Each segment runs under its own {@link ScoringLimits#clipTimeout()}; a segment that fails is a
     * {@link ClipOutcome.Error} carrying its {@link SegmentInfo}, and the others go on. A recording that cannot be
     * opened at all (missing, unreadable, no audio format, over the duration limit) is a single
     * {@link ClipOutcome.Error} whose segment is null.
     *
     * @param keepFeatures whether outcomes of a scoring pipeline carry the raw features (a features-only pipeline
     *                     always keeps them)
     */
    public List<ClipOutcome> segments(AudioSource source, SegmentGrid grid, int fromIndex, int toIndex,
                                      boolean keepFeatures) {
        Objects.requireNonNull(grid, "grid");
        if (fromIndex < 0) {
            throw new IllegalArgumentException("Cannot score segments from index " + fromIndex);
        }
        String name = source.name();
        List<ClipOutcome> featurized;
        try (SeekableByteChannel channel = source.open(limits.maxFileBytes())) {
            OpenAudio audio = ClipDeadline.run(name, limits.clipTimeout(), () -> loader.open(channel, name));
            try {
                featurized = SegmentFeatures.of(audio, name, grid, fromIndex, toIndex, limits.clipTimeout());
            } finally {
                audio.close();
            }
        } catch (AudioException e) {
            return List.of(new ClipOutcome.Error(name, e.code().name(), e.getMessage(), null, null));
        } catch (IOException e) {
            return List.of(ClipOutcome.error(name, ErrorCode.UNREADABLE,
                    new AudioException(ErrorCode.UNREADABLE, name, "cannot close: " + e.getMessage(), e).getMessage()));
        } catch (OutOfMemoryError e) {
            return List.of(ClipOutcome.error(name, ErrorCode.OUT_OF_MEMORY, outOfMemory(name)));
        } catch (RuntimeException e) {
            return List.of(ClipOutcome.error(name, ErrorCode.INTERNAL_ERROR,
                    "Cannot process " + name + ": internal error " + e));
        }
        return bundle == null ? featurized : classify(featurized, keepFeatures);
    }

    static String outOfMemory(String name) {
        long maxMb = Runtime.getRuntime().maxMemory() / (1024 * 1024);
        return new AudioException(ErrorCode.OUT_OF_MEMORY, name, "the JVM ran out of memory (maximum heap " + maxMb
                + " MB) while decoding and extracting features; lower the duration limit (--max-duration) or give"
                + " the JVM more memory (-Xmx, spark.executor.memory)").getMessage();
    }

    /** Steps 5 and 6: the model on every featurized unit of the batch at once. */
    private List<ClipOutcome> classify(List<ClipOutcome> featurized, boolean keepFeatures) {
        List<double[]> rows = new ArrayList<>(featurized.size());
        for (ClipOutcome outcome : featurized) {
            if (outcome instanceof ClipOutcome.Ok ok) {
                rows.add(ok.features());
            }
        }
        List<Prediction> predictions = rows.isEmpty() ? List.of() : scorers.get().score(rows);
        List<ClipOutcome> out = new ArrayList<>(featurized.size());
        int row = 0;
        for (ClipOutcome outcome : featurized) {
            if (!(outcome instanceof ClipOutcome.Ok ok)) {
                out.add(outcome);
                continue;
            }
            Prediction p = predictions.get(row++);
            double[] features = keepFeatures ? ok.features() : null;
            out.add(p.isOk()
                    ? new ClipOutcome.Ok(ok.source(), ok.audio(), ok.startSample(), features, classification(p),
                            ok.segment())
                    : new ClipOutcome.Error(ok.source(), p.errorCode().name(),
                            "Cannot score " + ok.source() + ": " + p.errorMessage(), ok.audio(), features,
                            ok.segment()));
        }
        return out;
    }

    private ClipOutcome.Classification classification(Prediction p) {
        List<String> labels = bundle.labels();
        double[] values = p.probabilities();
        Map<String, Double> probabilities = new LinkedHashMap<>();
        for (int k = 0; k < labels.size(); k++) {
            probabilities.put(labels.get(k), values[k]);
        }
        return new ClipOutcome.Classification(p.label(), p.confidence(), probabilities);
    }
}
