package org.emolake.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import org.emolake.features.FeatureSet;
import org.emolake.model.ModelBundle;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code emolake --version}: the project version and git commit of the build (emolake-version.properties, filtered
 * by Maven; "unknown" for a build outside git), the feature set computed and the model formats read.
 */
final class VersionInfo implements IVersionProvider {
    static final String RESOURCE = "/emolake-version.properties";

    @Override
    public String[] getVersion() {
        Properties p = new Properties();
        try (InputStream in = VersionInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // no properties: every field says unknown
        }
        String commit = known(p.getProperty("commit"));
        return new String[] {
            "emolake " + known(p.getProperty("version")),
            "git commit: " + commit,
            "feature set: " + FeatureSet.ID + " (" + FeatureSet.SIZE + " librosa 0.10.2 features)",
            "model formats read: " + ModelBundle.MODEL_FILE + " (tf.keras 2 HDF5), " + ModelBundle.SCALER_PICKLE
                    + " (joblib StandardScaler) or " + ModelBundle.SCALER_JSON + ", " + ModelBundle.LABELS_JSON
                    + " or " + ModelBundle.LABEL_ENCODER_PICKLE + ", " + ModelBundle.METADATA_JSON,
            "Java " + System.getProperty("java.version"),
        };
    }

    /** A value Maven did not fill in (no git, a build from an IDE) is unknown. */
    private static String known(String value) {
        return value == null || value.isBlank() || value.contains("${") ? "unknown" : value;
    }
}
