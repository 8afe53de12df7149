package org.emolake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.emolake.features.FeatureSet;
import org.emolake.job.ClipIds;
import org.emolake.model.Fixtures;
import org.emolake.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every command shares: help, version, typo suggestions, exit codes, and commands that chain. */
class CommandLineTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> COMMANDS = List.of("demo", "features", "model inspect", "predict", "manifest",
            "score", "sql", "bench-score", "train");

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(InputStream in, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, in, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Run run(String... args) {
        return run(InputStream.nullInputStream(), args);
    }

    @Test
    void everyCommandHasHelpWithItsOptionsAndTheExitCodes() {
        for (String command : COMMANDS) {
            String[] words = (command + " --help").split(" ");
            Run help = run(words);
            assertEquals(0, help.code(), command + ": " + help.err());
            assertTrue(help.out().startsWith("Usage: emolake " + command), help.out());
            assertTrue(help.out().contains("--verbose") && help.out().contains("--help"), help.out());
            assertTrue(help.out().contains("Exit codes:") && help.out().contains("input refused before any work"),
                    help.out());
        }
        Run top = run("--help");
        assertEquals(0, top.code());
        for (String command : COMMANDS) {
            assertTrue(top.out().contains("  " + command.split(" ")[0] + " "), command + " in " + top.out());
        }
        assertTrue(run("score", "--help").out().contains("Default: 64"), "defaults are shown");
        assertEquals(run("score", "--help").out(), run("help", "score").out());
    }

    @Test
    void versionNamesTheBuildTheFeatureSetAndTheModelFormats() {
        Run version = run("--version");
        assertEquals(0, version.code(), version.err());
        assertTrue(version.out().matches("(?s)emolake \\d+\\.\\d+\\.\\d+\\S*\n.*"), version.out());
        assertTrue(version.out().matches("(?s).*git commit: ([0-9a-f]{7,40}|unknown)\n.*"), version.out());
        assertTrue(version.out().contains("feature set: " + FeatureSet.ID + " (110"), version.out());
        assertTrue(version.out().contains("cnn_lstm_model.h5 (tf.keras 2 HDF5)"), version.out());
    }

    @Test
    void aTypoIsAUsageErrorWithASuggestion() {
        Run command = run("scor", "--lake", "x");
        assertEquals(ExitCodes.USAGE, command.code());
        assertTrue(command.err().contains("unknown command 'scor'"), command.err());
        assertTrue(command.err().contains("Did you mean: emolake score"), command.err());
        Run option = run("score", "--manifst", "m", "--model-dir", "d", "--lake", "l");
        assertEquals(ExitCodes.USAGE, option.code());
        assertTrue(option.err().contains("Unknown option") && option.err().contains("'--manifst'"), option.err());
        assertTrue(option.err().contains("Possible solutions: --manifest"), option.err());
        assertTrue(option.err().contains("Usage: emolake score"), option.err());
        Run bare = run();
        assertEquals(ExitCodes.USAGE, bare.code());
        assertTrue(bare.err().contains("Commands:"), bare.err());
    }

    @Test
    void aBadBundleIsTheSameCodeFromEveryCommandAndHasNoStackTraceUnlessVerbose() throws Exception {
        Path noBundle = Files.createDirectories(dir.resolve("empty-bundle"));
        Path vectors = Files.writeString(dir.resolve("v.jsonl"), "");
        Run predict = run("predict", "--model-dir", noBundle.toString(), vectors.toString());
        Run inspect = run("model", "inspect", "--model-dir", noBundle.toString());
        assertEquals(ExitCodes.INPUT_REFUSED, predict.code(), predict.err());
        assertEquals(ExitCodes.INPUT_REFUSED, inspect.code(), inspect.err());
        assertEquals(1, predict.err().lines().count(), predict.err());
        assertTrue(predict.err().startsWith("emolake predict: Cannot load "), predict.err());
        Run verbose = run("predict", "--verbose", "--model-dir", noBundle.toString(), vectors.toString());
        assertEquals(ExitCodes.INPUT_REFUSED, verbose.code());
        assertTrue(verbose.err().contains("\tat org.emolake."), "stack trace with --verbose: " + verbose.err());
        Run global = run("--verbose", "predict", "--model-dir", noBundle.toString(), vectors.toString());
        assertTrue(global.err().contains("\tat org.emolake."), "global --verbose too: " + global.err());
    }

    @Test
    void aMissingLocalManifestIsOneLineBeforeSparkStarts() {
        Run score = run("score", "--manifest", dir.resolve("none").toString(), "--model-dir", "models", "--lake",
                dir.resolve("lake").toString());
        assertEquals(ExitCodes.INPUT_REFUSED, score.code(), score.err());
        assertEquals("emolake score: Cannot score: cannot read the manifest " + dir.resolve("none")
                + ": no such file or folder\n", score.err());
    }

    @Test
    void featuresLinesCarryTheClipIdAndPipeIntoPredictFromStandardInput() throws Exception {
        Path clip = Files.copy(Golden.audio("speech_en_22050_mono_s16"), dir.resolve("speech.wav"));
        Run features = run("features", clip.toString());
        assertEquals(0, features.code(), features.err());
        JsonNode line = JSON.readTree(features.out());
        assertEquals(ClipIds.of(clip.toString()), line.get("id").asText());
        Path bundle = Fixtures.keras7PickleBundle(dir.resolve("bundle"));
        // the bundle has 7 classes and takes the 110 raw features the same way as any bundle
        Run predict = run(new ByteArrayInputStream(features.out().getBytes(StandardCharsets.UTF_8)),
                "predict", "--model-dir", bundle.toString(), "-");
        assertEquals(0, predict.code(), predict.err());
        JsonNode prediction = JSON.readTree(predict.out());
        assertEquals(line.get("id"), prediction.get("id"));
        assertEquals("ok", prediction.get("status").asText(), prediction.toString());
        assertEquals(7, prediction.get("probabilities").size());
    }

    @Test
    void aRunWithErrorRowsExitsZeroAndSaysSo() throws Exception {
        Path text = Files.writeString(dir.resolve("text.wav"), "not audio");
        Run features = run("features", text.toString());
        assertEquals(ExitCodes.OK, features.code());
        assertTrue(features.err().contains("1 clips, 0 ok, 1 errors"), features.err());
    }

    /** No native library is needed for the names: a child JVM where libsoxr cannot load still lists them. */
    @Test
    void featureNamesNeedNoNativeLibraryAndHonourOutput() throws Exception {
        Path names = dir.resolve("names.txt");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "-Demolake.soxr.library=/nonexistent/libsoxr.so.0", Main.class.getName(), "features", "--names",
                "--output", names.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), output);
        assertEquals("", output);
        assertEquals(FeatureSet.names(), Files.readAllLines(names));
    }

    @Test
    void memoryExhaustionIsReportedAsSuchWithAHint() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        picocli.CommandLine cl = Main.commandLine(InputStream.nullInputStream(), System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        int code = ExitCodes.runError(new IllegalStateException("out of memory",
                new OutOfMemoryError("Java heap space")), cl, null);
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(ExitCodes.RUN_FAILED, code);
        assertTrue(text.startsWith("emolake: ran out of memory (Java heap space)"), text);
        assertTrue(text.contains("-Xmx"), text);
        assertFalse(text.contains("NullPointerException"), text);
    }

    @Test
    void aCommandLineNamingACommandBuildsOnlyThatOneAndEverythingElseSeesAll() {
        assertEquals(List.of(FeaturesCommand.class), Main.commandsFor(new String[] {"features", "a.wav"}));
        assertEquals(List.of(ScoreCommand.class), Main.commandsFor(new String[] {"--verbose", "score", "--help"}));
        assertEquals(List.of(ModelCommand.class), Main.commandsFor(new String[] {"model", "inspect", "b"}));
        for (String[] args : List.of(new String[0], new String[] {"help", "features"}, new String[] {"--help"},
                new String[] {"featurs", "a.wav"}, new String[] {"--version"}, new String[] {"--help", "score"},
                new String[] {"--verbose", "-h", "features"})) {
            assertEquals(Main.COMMANDS, Main.commandsFor(args), String.join(" ", args));
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"featurs"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(ExitCodes.USAGE, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("features"), "a typo is still told the commands: "
                + err);
    }
}
