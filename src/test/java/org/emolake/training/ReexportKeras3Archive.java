package org.emolake.training;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.emolake.model.KerasRewrite;
import org.emolake.model.ModelBundle;

/**
 * Re-exports a bundle whose {@code cnn_lstm_model.h5} {@code KerasH5Writer} wrote (e.g. the committed models/) as
 * {@code emolake train} now writes it: the .h5 rewritten by the current {@code KerasH5Writer} (whose config Keras 3
 * loads too) and {@code cnn_lstm_model.keras} beside it, both with the same weights ({@link KerasRewrite}), listed in
 * model.json:
 *
 * <pre>java -cp "target/classes:target/test-classes:target/lib/*" org.emolake.training.ReexportKeras3Archive models</pre>
 */
public final class ReexportKeras3Archive {

    private ReexportKeras3Archive() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "models");
        Path modelJson = dir.resolve(BundleWriter.MODEL_JSON);
        ObjectNode root = (ObjectNode) BundleWriter.JSON.readTree(modelJson.toFile());
        double learningRate = root.path("training").path("optimizer").path("learning_rate").asDouble(1e-3);
        KerasRewrite.rewrite(dir, learningRate);
        ObjectNode files = root.putObject("model_files");
        files.put(ModelBundle.MODEL_FILE, BundleWriter.MODEL_FILES.get(ModelBundle.MODEL_FILE));
        files.put(ModelBundle.MODEL_ARCHIVE, BundleWriter.MODEL_FILES.get(ModelBundle.MODEL_ARCHIVE));
        String description = root.path("description").asText("");
        if (description.endsWith("exported in the tf.keras 2 HDF5 layout")) {
            root.put("description", description.replace("exported in the tf.keras 2 HDF5 layout",
                    "exported as a tf.keras 2 HDF5 file and as a Keras 3 archive (model_files)"));
        }
        BundleWriter.write(modelJson, root);
        System.out.println("wrote " + dir.resolve(ModelBundle.MODEL_ARCHIVE) + "; " + ModelBundle.load(dir).modelFormat());
    }
}
