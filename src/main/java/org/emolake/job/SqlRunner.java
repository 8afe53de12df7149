package org.emolake.job;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

/**
 * Spark SQL over a lake's tables, registered as {@code predictions}, {@code class_summary}, {@code error_summary}
 * and {@code runs}: several statements on one session, each result printed as a table, CSV or JSON lines (which
 * keep null values: an error row has {@code "label": null}, not no label key). Timestamps are written the same way
 * in every format: ISO-8601 in UTC.
 */
public final class SqlRunner {
    /** How a result is printed. */
    public enum Format {
        TABLE, CSV, JSON
    }

    /** ISO-8601 with microseconds (Spark's precision) and the UTC offset, which is {@code Z} on a UTC session. */
    static final String TIMESTAMP_PATTERN = "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX";
    private static final CSVFormat CSV = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();

    private SqlRunner() {
    }

    /**
     * Runs the statements in order over the lake's tables and prints each result ({@code maxRows} bounds a table
     * rendering; CSV and JSON stream every row). Every statement is parsed before the lake is opened, so a syntax
     * error is reported as such (with Spark's message) and nothing runs; a statement Spark cannot resolve stops the
     * run there.
     */
    public static void run(JobSession session, String lake, List<String> statements, Format format, int maxRows,
            PrintStream out) throws JobException, SqlStatementException {
        run(session, lake, LakeCatalog.Choice.DEFAULT, statements, format, maxRows, out);
    }

    /**
     * As {@link #run(JobSession, String, List, Format, int, PrintStream)}, the lake's Iceberg tables in the chosen
     * catalog (a lake's record names its own; a lake that holds both formats shows both).
     */
    public static void run(JobSession session, String lake, LakeCatalog.Choice catalog, List<String> statements,
            Format format, int maxRows, PrintStream out) throws JobException, SqlStatementException {
        SparkSession spark = session.spark();
        for (int i = 0; i < statements.size(); i++) {
            try {
                spark.sessionState().sqlParser().parsePlan(statements.get(i));
            } catch (ParseException | RuntimeException e) {
                throw refused(i, statements.size(), e);
            }
        }
        spark.conf().set("spark.sql.session.timeZone", "UTC");
        Lake.registerViews(Lake.detect(spark, lake, catalog));
        for (int i = 0; i < statements.size(); i++) {
            Dataset<Row> result;
            try {
                result = spark.sql(statements.get(i));
            } catch (Exception e) {
                // Spark's AnalysisException is checked in Java's eyes but undeclared: catch every refusal here
                throw refused(i, statements.size(), e);
            }
            if (i > 0 && format == Format.TABLE) {
                out.println();
            }
            print(result, format, maxRows, out);
        }
    }

    private static SqlStatementException refused(int index, int count, Exception e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage().strip();
        return new SqlStatementException(index + 1, count, message, e);
    }

    static void print(Dataset<Row> result, Format format, int maxRows, PrintStream out) {
        if (format == Format.JSON) {
            Dataset<Row> uniform = result.select(uniformTimestamps(result.schema()).toArray(Column[]::new));
            Column[] all = Arrays.stream(uniform.columns()).map(c -> col("`" + c + "`")).toArray(Column[]::new);
            // Dataset.toJSON drops null fields whatever the session says; to_json takes the option.
            Dataset<String> lines = uniform.select(to_json(struct(all), Map.of("ignoreNullFields", "false")))
                    .as(Encoders.STRING());
            for (Iterator<String> it = lines.toLocalIterator(); it.hasNext(); ) {
                out.println(it.next());
            }
            return;
        }
        StructType schema = result.schema();
        Dataset<Row> text = result.select(asText(schema).toArray(Column[]::new));
        if (format == Format.CSV) {
            printCsv(schema.fieldNames(), text, out);
            return;
        }
        printTable(schema.fieldNames(), text.limit(maxRows + 1).collectAsList(), maxRows, out);
    }

    private static List<Column> uniformTimestamps(StructType schema) {
        List<Column> columns = new ArrayList<>();
        for (StructField f : schema.fields()) {
            Column c = col("`" + f.name() + "`");
            columns.add(isTimestamp(f.dataType()) ? date_format(c, TIMESTAMP_PATTERN).as(f.name()) : c);
        }
        return columns;
    }

    private static List<Column> asText(StructType schema) {
        List<Column> columns = new ArrayList<>();
        for (StructField f : schema.fields()) {
            Column c = col("`" + f.name() + "`");
            DataType t = f.dataType();
            Column text;
            if (isTimestamp(t)) {
                text = date_format(c, TIMESTAMP_PATTERN);
            } else if (t instanceof MapType || t instanceof ArrayType || t instanceof StructType) {
                text = to_json(c);
            } else {
                text = c.cast("string");
            }
            columns.add(text.as(f.name()));
        }
        return columns;
    }

    private static boolean isTimestamp(DataType t) {
        return t instanceof TimestampType || t instanceof TimestampNTZType;
    }

    private static void printCsv(String[] names, Dataset<Row> text, PrintStream out) {
        try {
            CSVPrinter csv = new CSVPrinter(out, CSV);
            csv.printRecord((Object[]) names);
            Object[] values = new Object[names.length];
            for (Iterator<Row> it = text.toLocalIterator(); it.hasNext(); ) {
                Row r = it.next();
                for (int i = 0; i < values.length; i++) {
                    values[i] = r.isNullAt(i) ? null : r.getString(i);
                }
                csv.printRecord(values);
            }
            csv.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void printTable(String[] names, List<Row> rows, int maxRows, PrintStream out) {
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
        out.println(rows.size() > maxRows
                ? String.format(Locale.ROOT, "(first %d rows; --max-rows N or --format csv for more)", maxRows)
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
}
