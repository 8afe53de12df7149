package org.emolake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * docs/CLI.md cannot drift from the code: each command's option table there must list exactly the options of
 * that command's real {@code --help}, with the same value label and description (defaults included), and the
 * exit-code table must be the one every command prints.
 */
class CliDocsTest {
    private static final Path DOC = Path.of("docs/CLI.md");
    /** Shared by every command; documented once. */
    private static final List<String> COMMON = List.of("--help", "--verbose");
    private static final Pattern SECTION = Pattern.compile("(?m)^### `emolake ([a-z -]+)`$");
    private static final Pattern ROW = Pattern.compile("(?m)^\\| `(--[a-z-]+)(?:[= ]([^`]+))?` \\| (.*) \\|$");

    @Test
    void everyCommandsOptionTableMatchesItsHelp() throws Exception {
        String doc = Files.readString(DOC);
        CommandLine root = Main.commandLine(InputStream.nullInputStream(), System.out, System.err);
        Map<String, CommandLine> commands = commands(root);
        Map<String, String> sections = sections(doc);
        StringBuilder expectedDoc = new StringBuilder();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, CommandLine> command : commands.entrySet()) {
            String expected = table(command.getValue().getCommandSpec());
            expectedDoc.append("### `emolake ").append(command.getKey()).append("`\n\n").append(expected).append('\n');
            String documented = sections.get(command.getKey());
            if (documented == null) {
                problems.add("no section for emolake " + command.getKey());
            } else if (!rows(documented).equals(rows(expected))) {
                problems.add("emolake " + command.getKey() + ": documented " + rows(documented) + "\n  but --help has "
                        + rows(expected));
            }
            String help = help(command.getKey());
            for (String option : rows(expected).keySet()) {
                assertTrue(help.contains(option), option + " in the help of " + command.getKey());
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems) + "\n\nexpected tables:\n" + expectedDoc);
        assertEquals(commands.keySet(), sections.keySet(), "documented commands");
    }

    @Test
    void theExitCodeTableIsTheOneEveryCommandPrints() throws Exception {
        String doc = Files.readString(DOC);
        for (Map.Entry<String, String> code : ExitCodes.TABLE.entrySet()) {
            assertTrue(doc.contains("| " + code.getKey() + " | " + code.getValue() + " |"),
                    "docs/CLI.md exit code row | " + code.getKey() + " | " + code.getValue() + " |");
        }
        String readme = Files.readString(Path.of("README.md"));
        for (String command : commands(Main.commandLine(InputStream.nullInputStream(), System.out, System.err))
                .keySet()) {
            assertTrue(readme.contains("| `" + command), "README's command table lists " + command);
        }
    }

    /** The runnable commands by their name after {@code emolake} ("model inspect"), in declaration order. */
    private static Map<String, CommandLine> commands(CommandLine root) {
        Map<String, CommandLine> commands = new LinkedHashMap<>();
        collect(root, "", commands);
        return commands;
    }

    private static void collect(CommandLine cl, String prefix, Map<String, CommandLine> into) {
        for (Map.Entry<String, CommandLine> sub : cl.getSubcommands().entrySet()) {
            if (sub.getValue().getCommandSpec().userObject() instanceof CommandLine.HelpCommand) {
                continue;
            }
            String name = prefix + sub.getKey();
            if (sub.getValue().getSubcommands().isEmpty()) {
                into.put(name, sub.getValue());
            } else {
                collect(sub.getValue(), name + " ", into);
            }
        }
    }

    /** The markdown table of a command's options, as docs/CLI.md holds it. */
    static String table(CommandSpec spec) {
        StringBuilder b = new StringBuilder("| option | description |\n| --- | --- |\n");
        for (OptionSpec o : spec.options()) {
            if (COMMON.contains(o.longestName())) {
                continue;
            }
            String label = o.arity().max() > 0 ? "=" + o.paramLabel() : "";
            b.append("| `").append(o.longestName()).append(label).append("` | ")
                    .append(o.required() ? "(required) " : "")
                    .append(String.join(" ", o.description()).replace("|", "\\|")).append(" |\n");
        }
        return b.toString();
    }

    private static Map<String, String> sections(String doc) {
        Map<String, String> sections = new LinkedHashMap<>();
        Matcher m = SECTION.matcher(doc);
        List<Integer> starts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        while (m.find()) {
            starts.add(m.end());
            names.add(m.group(1));
        }
        for (int i = 0; i < names.size(); i++) {
            int end = i + 1 < starts.size() ? doc.lastIndexOf("###", starts.get(i + 1)) : doc.length();
            int next = doc.indexOf("\n## ", starts.get(i));
            if (next >= 0 && next < end) {
                end = next;
            }
            sections.put(names.get(i), doc.substring(starts.get(i), end));
        }
        return sections;
    }

    /** Option (with its value label) → description, from a section's table. */
    private static Map<String, String> rows(String section) {
        Map<String, String> rows = new LinkedHashMap<>();
        Matcher m = ROW.matcher(section);
        while (m.find()) {
            rows.put(m.group(1) + (m.group(2) == null ? "" : "=" + m.group(2)), m.group(3));
        }
        return rows;
    }

    private static String help(String command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.add("--help");
        Main.run(args.toArray(String[]::new), InputStream.nullInputStream(),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        return out.toString(StandardCharsets.UTF_8);
    }
}
