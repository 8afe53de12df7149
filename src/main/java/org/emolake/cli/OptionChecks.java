package org.emolake.cli;

import java.util.Locale;

/** Checks of option values that picocli's type conversion does not make; each failure is a usage error. */
final class OptionChecks {
    private OptionChecks() {
    }

    /** A positive, finite number of seconds (decimals allowed). */
    static void positiveSeconds(CommandBase command, String option, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw command.usage("option " + option + " must be a positive number of seconds ("
                    + String.format(Locale.ROOT, "%s", value) + ")");
        }
    }

    static void atLeast(CommandBase command, String option, long value, long min) {
        if (value < min) {
            throw command.usage("option " + option + " must be at least " + min + " (" + value + ")");
        }
    }
}
