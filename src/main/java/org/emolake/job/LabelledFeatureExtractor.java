package org.emolake.job;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.emolake.audio.AudioLoader;
import org.emolake.scoring.ClipInput;
import org.emolake.scoring.ClipOutcome;
import org.emolake.scoring.ClipPipeline;
import org.emolake.scoring.ScoringLimits;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The executor side of training feature extraction: for each (index, path, label) row, reads the file through
 * {@link ClipReader} (as scoring does) and runs it through the features-only {@link ClipPipeline} — the scoring code
 * path, with the same limits and deadline — and emits (index, path, label, features, error): features when the clip
 * is usable, otherwise {@code CODE: message} in {@code error}. Nothing about one clip fails the task.
 */
final class LabelledFeatureExtractor implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    static final StructType OUTPUT = DataTypes.createStructType(List.of(
            DataTypes.createStructField("index", DataTypes.LongType, false),
            DataTypes.createStructField("path", DataTypes.StringType, true),
            DataTypes.createStructField("label", DataTypes.StringType, true),
            DataTypes.createStructField("features", DataTypes.createArrayType(DataTypes.DoubleType, false), true),
            DataTypes.createStructField("error", DataTypes.StringType, true)));

    private final Broadcast<SerializableHadoopConf> hadoopConf;
    private final LongAccumulator clipsDone;
    private final LongAccumulator clipsFailed;
    private final ScoringLimits limits;

    /** Input rows: (index long, path string, label string). */
    LabelledFeatureExtractor(Broadcast<SerializableHadoopConf> hadoopConf, LongAccumulator clipsDone,
            LongAccumulator clipsFailed, ScoringLimits limits) {
        this.hadoopConf = hadoopConf;
        this.clipsDone = clipsDone;
        this.clipsFailed = clipsFailed;
        this.limits = limits;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        // A machine without libsoxr fails the task with the install hint, instead of every clip failing alike.
        AudioLoader.checkAvailable();
        ClipPipeline pipeline = ClipPipeline.featuresOnly(limits);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Row next() {
                if (!rows.hasNext()) {
                    throw new NoSuchElementException();
                }
                Row in = rows.next();
                Row out = extract(pipeline, in.getLong(0), in.getString(1), in.getString(2));
                clipsDone.add(1);
                if (out.isNullAt(3)) {
                    clipsFailed.add(1);
                }
                return out;
            }
        };
    }

    private Row extract(ClipPipeline pipeline, long index, String path, String label) {
        if (label == null || label.isBlank()) {
            return RowFactory.create(index, path, label, null, "no label");
        }
        ClipReader.Read read = ClipReader.read(path, hadoopConf.value().get());
        if (!read.ok()) {
            return RowFactory.create(index, path, label, null, read.errorCode().name() + ": " + read.message());
        }
        ClipOutcome outcome = pipeline.featurize(new ClipInput(path, read.bytes())).get(0);
        if (outcome instanceof ClipOutcome.Error error) {
            return RowFactory.create(index, path, label, null, error.code() + ": " + error.message());
        }
        return RowFactory.create(index, path, label,
                scala.collection.immutable.ArraySeq.unsafeWrapArray(outcome.features()), null);
    }
}
