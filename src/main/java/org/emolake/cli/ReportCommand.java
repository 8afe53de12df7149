package org.emolake.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

import org.emolake.job.JobException;
import org.emolake.job.JobSession;
import org.emolake.job.LakeCatalog;
import org.emolake.job.ReportData;
import org.emolake.report.HtmlReport;
import org.emolake.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code emolake report}: one run of the lake as a self-contained HTML page (docs/JOB.md, "report"). */
@Command(name = "report", sortOptions = false,
        description = {"Writes a self-contained HTML report of one run of the lake: lineage, class mix (overall and"
                + " per group), confidence per class, errors with example files, class shares over the previous"
                + " runs, and emotion timelines of segmented recordings. One Spark start."})
public final class ReportCommand extends CommandBase {
    static final int DEFAULT_COMPARED_RUNS = 10;

    @Option(names = "--lake", paramLabel = "LAKE", required = true, description = "Lake folder or URI.")
    String lake;

    @Mixin
    LakeOptions lakeOptions = new LakeOptions();

    @Option(names = "--run-id", paramLabel = "R",
            description = "The run to report, compared with up to " + DEFAULT_COMPARED_RUNS
                    + " runs before it. Default: the newest run.")
    String runId;

    @Option(names = "--last", paramLabel = "N",
            description = "Report the newest run and compare the newest N runs. Default: " + DEFAULT_COMPARED_RUNS
                    + ".")
    Integer last;

    @Option(names = "--group-by", paramLabel = "COL",
            description = "Manifest column to compare the class mix by. Default: the run's first --group-by column.")
    String groupBy;

    @Option(names = "--timelines", paramLabel = "N", defaultValue = "5",
            description = "Segmented recordings shown as emotion timelines. Default: ${DEFAULT-VALUE}.")
    int timelines;

    @Option(names = "--timeline-class", paramLabel = "CLASS",
            description = "Show the recordings with the highest share of this class (default: the longest).")
    String timelineClass;

    @Option(names = "--output", paramLabel = "FILE", required = true, description = "The HTML file to write.")
    Path output;

    /** Runs {@code emolake report ARGS} (tests and embedding callers). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return Main.run("report", args, System.in, out, err);
    }

    @Override
    int run() throws JobException, IOException {
        if (runId != null && last != null) {
            throw usage("give --run-id or --last, not both");
        }
        int compared = last == null ? DEFAULT_COMPARED_RUNS : last;
        OptionChecks.atLeast(this, "--last", compared, 1);
        OptionChecks.atLeast(this, "--timelines", timelines, 0);
        ReportData.Request request = new ReportData.Request(runId, compared, groupBy, timelines, timelineClass);
        try (JobSession session = JobSession.obtain("emolake report", verbose())) {
            write(session, lake, lakeOptions.choice(), request, output, out());
        }
        return ExitCodes.OK;
    }

    /** Gathers and writes the report, then prints where it is (shared by score --report and demo). */
    static void write(JobSession session, String lake, LakeCatalog.Choice catalog, ReportData.Request request,
            Path output, PrintStream out)
            throws JobException, IOException {
        RunReport report = ReportData.gather(session, lake, catalog, request);
        HtmlReport.write(report, output);
        out.println("report: " + output.toAbsolutePath().normalize());
    }
}
