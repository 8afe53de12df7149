package org.emolake.job;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.emolake.cli.Arguments;
import org.emolake.cli.UsageException;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_json;

/**
 * {@code emolake sql --lake LAKE [--format table|csv|json] "SELECT ..."}: Spark SQL over the lake's tables, which
 * are registered as {@code predictions}, {@code class_summary}, {@code error_summary} and {@code runs}.
 */
public final class SqlCommand {
    static final String USAGE = "usage: emolake sql --lake LAKE [--format table|csv|json] [--max-rows N] \"SELECT ...\"";
    /** Rows a table rendering shows at most (csv and json stream every row). */
    static final int DEFAULT_MAX_ROWS = 1000;

    private SqlCommand() {
    }

    /** Entry point for {@code spark-submit --class org.emolake.job.SqlCommand emolake-spark.jar ARGS}. */
    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        String lake;
        String format;
        String query;
        boolean verbose;
        int maxRows;
        try {
            Arguments a = Arguments.parse(args, Set.of("lake", "format", "max-rows"), Set.of("verbose"));
            lake = a.required("lake");
            format = a.option("format") == null ? "table" : a.option("format");
            if (!Set.of("table", "csv", "json").contains(format)) {
                throw new UsageException("--format must be table, csv or json (" + format + ")");
            }
            if (a.positional().size() != 1) {
                throw new UsageException(a.positional().isEmpty() ? "no query given"
                        : "give the query as one argument (in quotes)");
            }
            query = a.positional().get(0);
            verbose = a.flag("verbose");
            maxRows = a.intOption("max-rows", DEFAULT_MAX_ROWS, 1);
        } catch (UsageException e) {
            err.println("emolake sql: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try (JobSession session = JobSession.obtain("emolake sql", verbose)) {
            SparkSession spark = session.spark();
            Lake.detect(spark, lake).registerViews();
            Dataset<Row> result;
            try {
                result = spark.sql(query);
            } catch (Exception e) {
                err.println("emolake sql: " + ScoreJob.firstLine(e.getMessage()));
                return 2;
            }
            print(result, format, maxRows, out);
            return 0;
        } catch (JobException e) {
            err.println("emolake sql: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            err.println("emolake sql: failed: " + e);
            return 1;
        }
    }

    static void print(Dataset<Row> result, String format, int maxRows, PrintStream out) {
        if (format.equals("json")) {
            for (Iterator<String> it = result.toJSON().toLocalIterator(); it.hasNext(); ) {
                out.println(it.next());
            }
            return;
        }
        StructType schema = result.schema();
        List<Column> asText = new ArrayList<>();
        for (StructField f : schema.fields()) {
            Column c = col("`" + f.name() + "`");
            boolean complex = f.dataType() instanceof MapType || f.dataType() instanceof ArrayType
                    || f.dataType() instanceof StructType;
            asText.add((complex ? to_json(c) : c.cast("string")).as(f.name()));
        }
        Dataset<Row> text = result.select(asText.toArray(Column[]::new));
        if (format.equals("csv")) {
            out.println(csvLine(schema.fieldNames()));
            for (Iterator<Row> it = text.toLocalIterator(); it.hasNext(); ) {
                Row r = it.next();
                String[] values = new String[r.length()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = r.isNullAt(i) ? null : r.getString(i);
                }
                out.println(csvLine(values));
            }
            return;
        }
        List<Row> rows = text.limit(maxRows + 1).collectAsList();
        String[] names = schema.fieldNames();
        int[] width = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            width[i] = names[i].length();
        }
        int shown = Math.min(rows.size(), maxRows);
        for (int k = 0; k < shown; k++) {
            for (int i = 0; i < names.length; i++) {
                width[i] = Math.max(width[i], cell(rows.get(k), i).length());
            }
        }
        StringBuilder rule = new StringBuilder("+");
        for (int w : width) {
            rule.append("-".repeat(w + 2)).append('+');
        }
        out.println(rule);
        out.println(tableLine(names, width));
        out.println(rule);
        for (int k = 0; k < shown; k++) {
            String[] cells = new String[names.length];
            for (int i = 0; i < names.length; i++) {
                cells[i] = cell(rows.get(k), i);
            }
            out.println(tableLine(cells, width));
        }
        out.println(rule);
        out.println(rows.size() > maxRows ? "(first " + maxRows + " rows; --max-rows N or --format csv for more)"
                : "(" + shown + (shown == 1 ? " row)" : " rows)"));
    }

    private static String cell(Row r, int i) {
        return r.isNullAt(i) ? "NULL" : r.getString(i);
    }

    private static String tableLine(String[] cells, int[] width) {
        StringBuilder b = new StringBuilder("|");
        for (int i = 0; i < cells.length; i++) {
            b.append(' ').append(cells[i]).append(" ".repeat(width[i] - cells[i].length() + 1)).append('|');
        }
        return b.toString();
    }

    static String csvLine(String[] values) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            String v = values[i];
            if (v == null) {
                continue;
            }
            if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
                b.append('"').append(v.replace("\"", "\"\"")).append('"');
            } else {
                b.append(v);
            }
        }
        return b.toString();
    }
}
