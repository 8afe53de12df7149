package org.emolake.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.emolake.testing.TestWavs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code emolake train} from the command line: arguments, a CSV manifest of real WAV files, the bundle. */
class TrainCommandTest {

    private record Run(int code, String out, String err) {
    }

    private static Run train(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Method run = Class.forName("org.emolake.cli.TrainCommand")
                .getMethod("run", String[].class, PrintStream.class, PrintStream.class);
        int code = (int) run.invoke(null, args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void usageErrorsExitWithTwo() throws Exception {
        Run none = train();
        assertEquals(2, none.code());
        assertTrue(none.err().contains("exactly one of --manifest and --audio-dir"), none.err());
        Run noOut = train("--manifest", "x.csv");
        assertEquals(2, noOut.code());
        assertTrue(noOut.err().contains("--out is required"), noOut.err());
        assertEquals(2, train("--manifest", "x.csv", "--out", "o", "--epochs", "0").code());
        assertEquals(2, train("--manifest", "x.csv", "--out", "o", "--bogus", "1").code());
    }

    @Test
    void missingManifestOrColumnExitsWithFour(@TempDir Path dir) throws Exception {
        assertEquals(3, train("--manifest", dir.resolve("none.csv").toString(), "--out", dir.toString()).code());
        Files.writeString(dir.resolve("m.csv"), "path,emotion\na.wav,sad\n");
        Run run = train("--manifest", dir.resolve("m.csv").toString(), "--label-column", "label", "--out", dir.toString());
        assertEquals(3, run.code());
        assertTrue(run.err().contains("lacks column label"), run.err());
    }

    /** Two classes of speech-like clips (different seeds and levels), a short clip that is skipped, two epochs. */
    @Test
    void trainsFromACsvManifest(@TempDir Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("path,emotion\n");
        for (int i = 0; i < 6; i++) {
            for (String label : new String[] {"quiet", "loud"}) {
                float[] y = TestWavs.speechLike(0.6, 16000, i * 31L + label.length());
                float gain = label.equals("loud") ? 1.0f : 0.05f;
                for (int t = 0; t < y.length; t++) {
                    y[t] *= gain;
                }
                String name = label + i + ".wav";
                Files.write(dir.resolve(name), TestWavs.pcm16(y, 1, 16000));
                csv.append(name).append(',').append(label).append('\n');
            }
        }
        Files.write(dir.resolve("short.wav"), TestWavs.pcm16(new float[100], 1, 16000));
        csv.append("\"short.wav\",quiet\n");
        Files.writeString(dir.resolve("clips.csv"), csv);
        Path out = dir.resolve("bundle");
        Run run = train("--manifest", dir.resolve("clips.csv").toString(), "--label-column", "emotion",
                "--out", out.toString(), "--epochs", "2", "--threads", "2", "--name", "cli-test");
        assertEquals(0, run.code(), run.err() + run.out());
        assertTrue(run.out().contains("epoch 2/2"), run.out());
        assertTrue(run.out().contains("1 skipped clips"), run.out());
        assertTrue(run.err().contains("skipping short.wav"), run.err());
        for (String file : new String[] {"cnn_lstm_model.h5", "scaler.json", "labels.json", "model.json", "metrics.json",
                "evaluation.png"}) {
            assertTrue(Files.exists(out.resolve(file)), file);
        }
    }
}
