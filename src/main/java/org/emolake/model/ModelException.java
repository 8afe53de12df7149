package org.emolake.model;

/**
 * A model bundle that cannot be loaded. The message always reads
 * {@code Cannot load <file>: <reason> (<fix>)} so a user knows which artifact to repair and how.
 */
public final class ModelException extends Exception {

    /** What went wrong, for callers that react differently per cause. */
    public enum Code {
        /** The bundle directory does not exist or is not a directory. */
        NOT_A_DIRECTORY,
        /** A required artifact is absent. */
        MISSING_ARTIFACT,
        /** Two alternative artifacts for the same role are both present (e.g. scaler.pkl and scaler.json). */
        AMBIGUOUS_ARTIFACT,
        /** A Keras 3 {@code .keras} archive under another name than cnn_lstm_model.keras, and no model file. */
        KERAS3_ARCHIVE,
        /** A TensorFlow SavedModel directory was given instead of an HDF5 file. */
        SAVED_MODEL,
        /** The model file is not an HDF5 file at all. */
        NOT_HDF5,
        /** The model file is shorter than its HDF5 superblock says. */
        TRUNCATED,
        /** The HDF5 file could not be read as a Keras model. */
        UNREADABLE_MODEL,
        /** The Keras model uses something this importer cannot run. */
        UNSUPPORTED_MODEL,
        /** The model input is not {@code [batch, featureCount, 1]}. */
        INPUT_SHAPE_MISMATCH,
        /** The number of model outputs differs from the number of labels. */
        LABEL_COUNT_MISMATCH,
        /** The scaler length differs from the feature count. */
        SCALER_SIZE_MISMATCH,
        /** scaler.pkl / scaler.json is malformed. */
        INVALID_SCALER,
        /** labels.json / label_encoder.pkl is malformed. */
        INVALID_LABELS,
        /** model.json is malformed. */
        INVALID_METADATA,
        /** model.json names a feature set emolake does not know. */
        UNKNOWN_FEATURE_SET,
        /** A pickle references a class or function outside the allowed numpy/scikit-learn set. */
        UNSAFE_PICKLE,
        /** Reading an artifact failed at the file-system level. */
        IO_ERROR
    }

    private final Code code;
    private final String file;

    ModelException(Code code, String file, String reason, String fix) {
        this(code, file, reason, fix, null);
    }

    ModelException(Code code, String file, String reason, String fix, Throwable cause) {
        super("Cannot load " + file + ": " + reason + " (" + fix + ")", cause);
        this.code = code;
        this.file = file;
    }

    public Code code() {
        return code;
    }

    /** The artifact (path or bundle file name) the problem is about. */
    public String file() {
        return file;
    }
}
