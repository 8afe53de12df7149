package org.emolake.training;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * Where {@code emolake train} gets its labelled 110-value feature rows. The plain-Java implementation is
 * {@link ManifestFeatureSource} (a CSV manifest or a {@code <label>/<clip>.wav} folder, features extracted
 * in-process with the scoring code path); a Spark/Parquet implementation over the job layer's manifests plugs in
 * here without touching the training.
 */
public interface LabelledFeatureSource {

    /** One labelled clip: its id (path), its label and its raw (unscaled) features. */
    record Row(String id, String label, double[] features) {
    }

    /** The usable rows and, for every clip that could not be used, {@code "<id>: <reason>"}. */
    record Loaded(List<Row> rows, List<String> failures, String description) {
    }

    /** Loads every row; progress and per-clip problems go to {@code log}. */
    Loaded load(PrintStream log) throws IOException;
}
