package org.emolake.cli;

import java.time.Duration;
import org.emolake.audio.AudioLoader;
import org.emolake.scoring.ScoringLimits;
import picocli.CommandLine.Option;

/**
 * The per-clip limits, declared once for every command that decodes audio ({@code @Mixin}), so that
 * {@code features} and {@code score} treat the same clip the same way.
 */
final class ClipLimitOptions {
    @Option(names = "--max-duration", paramLabel = "SECONDS",
            defaultValue = "" + AudioLoader.DEFAULT_MAX_DURATION_SECONDS,
            description = "Longest clip scored; a longer one is an error row (TOO_LONG). Default: ${DEFAULT-VALUE}.")
    double maxDuration;

    @Option(names = "--clip-timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "Time one clip may take; a slower one is an error row (TIMEOUT). Default: ${DEFAULT-VALUE}.")
    double clipTimeout;

    /** The limits these options give; a value that is not a positive number of seconds is a usage error. */
    ScoringLimits limits(CommandBase command) {
        OptionChecks.positiveSeconds(command, "--max-duration", maxDuration);
        OptionChecks.positiveSeconds(command, "--clip-timeout", clipTimeout);
        return ScoringLimits.defaults().withMaxDurationSeconds(maxDuration)
                .withClipTimeout(Duration.ofNanos(Math.round(1e9 * clipTimeout)));
    }
}
