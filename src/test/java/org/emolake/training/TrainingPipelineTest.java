package org.emolake.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.emolake.model.CnnLstmTrainer;
import org.emolake.model.ModelBundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny end-to-end run on generated, separable feature vectors: training, evaluation and every bundle file. */
class TrainingPipelineTest {

    /** Two classes: a smooth bump over the first half of the features vs the second half, plus noise and offsets. */
    static LabelledFeatureSource.Loaded separable(int perClass, long seed) {
        Random random = new Random(seed);
        List<LabelledFeatureSource.Row> rows = new ArrayList<>();
        for (int i = 0; i < 2 * perClass; i++) {
            String label = i % 2 == 0 ? "calm" : "loud";
            double[] x = new double[110];
            for (int j = 0; j < 110; j++) {
                boolean bump = (i % 2 == 0) == (j < 55);
                x[j] = 100 * j + 10 * (j % 7) * random.nextGaussian() + (bump ? 30 * (j % 7 + 1) : 0);
            }
            rows.add(new LabelledFeatureSource.Row("clip" + i, label, x));
        }
        return new LabelledFeatureSource.Loaded(rows, List.of("broken.wav: too short"), "generated");
    }

    @Test
    void trainsEvaluatesAndWritesALoadableBundle(@TempDir Path out) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        CnnLstmTrainer.Config config = CnnLstmTrainer.Config.defaults().withMaxEpochs(3);
        TrainingPipeline.Report report = new TrainingPipeline(config, "tiny", "1")
                .run(separable(40, 1), out, new PrintStream(log, true, StandardCharsets.UTF_8));
        String text = log.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("epoch 1/3 - loss: "), text);
        assertTrue(text.contains("val_accuracy: "), text);
        assertTrue(text.contains("confusion matrix"), text);
        assertEquals(16, report.testRows());
        assertTrue(report.evaluation().accuracy() >= 0.9, "held-out accuracy " + report.evaluation().accuracy());
        assertTrue(report.exportMaxDifference() <= 1e-5);

        for (String file : List.of("cnn_lstm_model.h5", "scaler.json", "labels.json", "model.json", "metrics.json",
                TrainingPipeline.CHART_PNG)) {
            assertTrue(Files.size(out.resolve(file)) > 0, file);
        }
        byte[] png = Files.readAllBytes(out.resolve(TrainingPipeline.CHART_PNG));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        ObjectMapper json = new ObjectMapper();
        assertEquals("[\"calm\",\"loud\"]", json.readTree(out.resolve("labels.json").toFile()).toString());
        JsonNode model = json.readTree(out.resolve("model.json").toFile());
        assertEquals("v1", model.get("feature_set").asText());
        assertEquals(80, model.get("training_data").get("rows").asInt());
        assertEquals(1, model.get("training_data").get("skipped_clips").asInt());
        assertEquals(report.evaluation().accuracy(), model.get("metrics").get("accuracy").asDouble());
        JsonNode metrics = json.readTree(out.resolve("metrics.json").toFile());
        assertEquals(16, metrics.get("rows").asInt());
        assertEquals(2, metrics.get("confusion_matrix").size());
        JsonNode scaler = json.readTree(out.resolve("scaler.json").toFile());
        assertEquals(110, scaler.get("mean").size());

        ModelBundle bundle = ModelBundle.load(out);
        assertEquals(List.of("calm", "loud"), bundle.labels());
        assertEquals("tiny", bundle.metadata().name());
    }

    @Test
    void evaluationFollowsScikitLearnConventions() {
        // truth/predicted with an unpredicted class (precision 0 by zero_division=0)
        int[] truth = {0, 0, 0, 1, 1, 2, 2, 2};
        int[] predicted = {0, 0, 1, 1, 0, 1, 1, 0};
        Evaluation e = Evaluation.of(truth, predicted, List.of("a", "b", "c"));
        assertEquals(3.0 / 8, e.accuracy(), 1e-15);
        assertEquals(2.0 / 4, e.precision()[0], 1e-15);
        assertEquals(2.0 / 3, e.recall()[0], 1e-15);
        assertEquals(1.0 / 4, e.precision()[1], 1e-15);
        assertEquals(0.0, e.precision()[2]);
        assertEquals(0.0, e.f1()[2]);
        double f1a = 2 * 0.5 * (2.0 / 3) / (0.5 + 2.0 / 3);
        double f1b = 2 * 0.25 * 0.5 / 0.75;
        assertEquals((f1a + f1b) / 3, e.macroF1(), 1e-15);
        assertEquals(1, e.confusion()[2][0]);
        assertEquals(2, e.confusion()[2][1]);
        assertTrue(e.table().contains("macro F1"));
    }
}
