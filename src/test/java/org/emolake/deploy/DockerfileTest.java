package org.emolake.deploy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * jobs/image/Dockerfile read as docker reads it (instructions, line continuations, comments): Spark 4.1.1 on Java 17
 * as the base, the application jar and jobs/ copied to where jobs/nightly-score.sh's Kubernetes defaults point, and
 * no system library installed (the natives are in the jar). docker is not needed.
 */
class DockerfileTest {
    static final Path DOCKERFILE = Path.of("jobs/image/Dockerfile");
    static final Path WRAPPER = Path.of("jobs/nightly-score.sh");
    /** Package managers, and the libraries an audio image would be tempted to install. */
    static final Pattern SYSTEM_PACKAGES = Pattern.compile(
            "\\b(apt-get|apt|dpkg|yum|dnf|apk|microdnf)\\b|sox|sndfile|ffmpeg|libav|openblas|libgomp|mpg123|vorbis|flac");

    static List<Instruction> instructions;

    record Instruction(String keyword, String arguments) {
        List<String> words() {
            return Arrays.asList(arguments.trim().split("\\s+"));
        }
    }

    @BeforeAll
    static void parse() throws IOException {
        instructions = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String line : Files.readAllLines(DOCKERFILE)) {
            String trimmed = line.strip();
            if (pending.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            pending.append(trimmed);
            String[] parts = pending.toString().split("\\s+", 2);
            instructions.add(new Instruction(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1] : ""));
            pending.setLength(0);
        }
        assertTrue(pending.isEmpty(), "the Dockerfile ends inside a continued line");
    }

    @Test
    void theBaseImageIsSpark411OnJava17() {
        List<Instruction> from = instructions.stream().filter(i -> i.keyword().equals("FROM")).toList();
        assertEquals(1, from.size(), "one stage");
        assertEquals(instructions.get(0), from.get(0), "FROM comes first");
        assertEquals("apache/spark:4.1.1-scala2.13-java17-ubuntu", from.get(0).arguments());
    }

    @Test
    void itCopiesTheJarAndTheLogConfigurationWhereTheWrapperLooks() throws IOException {
        String wrapper = Files.readString(WRAPPER);
        String imageJar = assignment(wrapper, "image_jar");
        String imageLogConfig = assignment(wrapper, "image_log_config");
        assertTrue(imageJar.startsWith("local://"), imageJar);

        List<List<String>> copies = instructions.stream().filter(i -> i.keyword().equals("COPY"))
                .map(Instruction::words).toList();
        assertTrue(copies.contains(List.of("target/emolake-spark.jar", imageJar.substring("local://".length()))),
                copies.toString());
        List<String> jobs = copies.stream().filter(c -> c.get(c.size() - 1).equals("/opt/emolake/jobs/")).findFirst()
                .orElseThrow(() -> new AssertionError("no COPY to /opt/emolake/jobs/: " + copies));
        assertTrue(jobs.contains("jobs/emolake-log4j2.properties"), jobs.toString());
        assertTrue(jobs.contains("jobs/nightly-score.sh") && jobs.contains("jobs/nightly.conf"), jobs.toString());
        assertEquals("/opt/emolake/jobs/emolake-log4j2.properties", imageLogConfig);
        for (List<String> copy : copies) {
            for (String source : copy.subList(0, copy.size() - 1)) {
                assertFalse(source.startsWith("--"), "plain COPY, files of the build context: " + copy);
                // The jar exists after mvn package; everything else is in the repository.
                assertTrue(source.startsWith("target/") || Files.isRegularFile(Path.of(source)), source);
            }
        }
    }

    @Test
    void itInstallsNoSystemLibraries() {
        for (Instruction i : instructions) {
            assertTrue(List.of("FROM", "COPY", "ENV").contains(i.keyword()), "unexpected instruction " + i);
            if (!i.keyword().equals("COPY")) {
                assertFalse(SYSTEM_PACKAGES.matcher(i.arguments().toLowerCase(Locale.ROOT)).find(), i.toString());
            }
        }
    }

    @Test
    void theBuildContextHoldsOnlyWhatTheImageCopies() throws IOException {
        List<String> ignore = Files.readAllLines(Path.of("jobs/image/Dockerfile.dockerignore")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertEquals("*", ignore.get(0), "everything excluded first");
        List<String> copied = instructions.stream().filter(i -> i.keyword().equals("COPY"))
                .flatMap(i -> i.words().subList(0, i.words().size() - 1).stream()).sorted().toList();
        assertEquals(copied, ignore.subList(1, ignore.size()).stream().map(l -> l.substring(1)).sorted().toList());
    }

    private static String assignment(String script, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "=(\\S+)$").matcher(script);
        assertTrue(m.find(), "no " + name + "= in " + WRAPPER);
        return m.group(1);
    }
}
