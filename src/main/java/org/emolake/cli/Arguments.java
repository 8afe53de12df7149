package org.emolake.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line arguments of one command: {@code --name value} options, {@code --flag} switches and positional
 * values. Unknown options are rejected so that a typo never silently changes what a nightly job does.
 */
public final class Arguments {
    private final Map<String, String> options = new HashMap<>();
    private final Set<String> flags = new HashSet<>();
    private final List<String> positional = new ArrayList<>();

    private Arguments() {
    }

    /**
     * @param valueOptions options that take a value, without the leading dashes
     * @param flagOptions  options that take none
     */
    public static Arguments parse(String[] args, Set<String> valueOptions, Set<String> flagOptions) throws UsageException {
        Arguments parsed = new Arguments();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.equals("--")) {
                parsed.positional.add(arg);
                continue;
            }
            String name = arg.substring(2);
            String inlineValue = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                inlineValue = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flagOptions.contains(name) && inlineValue == null) {
                parsed.flags.add(name);
            } else if (valueOptions.contains(name)) {
                String value = inlineValue;
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new UsageException("option --" + name + " needs a value");
                    }
                    value = args[++i];
                }
                if (parsed.options.put(name, value) != null) {
                    throw new UsageException("option --" + name + " given twice");
                }
            } else {
                throw new UsageException("unknown option --" + name);
            }
        }
        return parsed;
    }

    public String option(String name) {
        return options.get(name);
    }

    public String required(String name) throws UsageException {
        String value = options.get(name);
        if (value == null) {
            throw new UsageException("option --" + name + " is required");
        }
        return value;
    }

    public int intOption(String name, int defaultValue, int min) throws UsageException {
        String value = options.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < min) {
                throw new UsageException("option --" + name + " must be at least " + min + " (" + value + ")");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + name + " must be a whole number (" + value + ")");
        }
    }

    /** A positive, finite number of seconds (decimals allowed). */
    public double secondsOption(String name, double defaultValue) throws UsageException {
        String value = options.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            double parsed = Double.parseDouble(value);
            if (!(parsed > 0) || Double.isInfinite(parsed)) {
                throw new UsageException("option --" + name + " must be a positive number of seconds (" + value + ")");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + name + " must be a number of seconds (" + value + ")");
        }
    }

    public boolean flag(String name) {
        return flags.contains(name);
    }

    public List<String> positional() {
        return Collections.unmodifiableList(positional);
    }
}
