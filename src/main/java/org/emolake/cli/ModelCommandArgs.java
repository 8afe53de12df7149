package org.emolake.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code --name value} options and positional arguments of the model commands. */
final class ModelCommandArgs {

    /** Thrown for arguments a command cannot run with; the message is shown with the usage line. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    final Map<String, String> options = new LinkedHashMap<>();
    final List<String> positional = new ArrayList<>();

    static ModelCommandArgs parse(String[] args, Set<String> known) throws UsageException {
        ModelCommandArgs parsed = new ModelCommandArgs();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("--")) {
                String name = arg;
                String value = null;
                int eq = arg.indexOf('=');
                if (eq > 0) {
                    name = arg.substring(0, eq);
                    value = arg.substring(eq + 1);
                }
                if (!known.contains(name)) {
                    throw new UsageException("unknown option " + name);
                }
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new UsageException(name + " needs a value");
                    }
                    value = args[++i];
                }
                if (parsed.options.put(name, value) != null) {
                    throw new UsageException(name + " given twice");
                }
            } else {
                parsed.positional.add(arg);
            }
        }
        return parsed;
    }

    String required(String name) throws UsageException {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new UsageException("missing " + name);
        }
        return value;
    }
}
