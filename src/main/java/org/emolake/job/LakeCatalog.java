package org.emolake.job;

import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.spark.sql.SparkSession;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The Iceberg catalog that holds a lake's tables. The Hadoop catalog commits by renaming a metadata file, which is
 * atomic only where renames are (local disks, with {@link LocalCommitLock} across processes, and HDFS); object
 * stores have no atomic rename, so their lakes use a JDBC catalog, where a commit is one conditional UPDATE in a
 * database. The default follows the lake's scheme; an operator's catalog URI comes from the command line, the Spark
 * configuration ({@value #URI_CONF}) or the environment ({@value #URI_ENV}), credentials only from the last two.
 */
public final class LakeCatalog {
    /** Which catalog implementation. */
    public enum Kind {
        HADOOP, JDBC;

        public static Kind parse(String s) throws JobException {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new JobException("unknown catalog '" + s + "' (hadoop or jdbc)");
            }
        }

        public String lower() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What the operator asked for: {@code kind} null chooses by the lake's scheme (or what the lake recorded),
     * {@code uri} null takes the JDBC URI from the configuration.
     */
    public record Choice(Kind kind, String uri) {
        public static final Choice DEFAULT = new Choice(null, null);
    }

    public static final String URI_CONF = "spark.emolake.catalog.uri";
    public static final String URI_ENV = "EMOLAKE_CATALOG_URI";
    static final String USER_CONF = "spark.emolake.catalog.user";
    static final String USER_ENV = "EMOLAKE_CATALOG_USER";
    static final String PASSWORD_CONF = "spark.emolake.catalog.password";
    static final String PASSWORD_ENV = "EMOLAKE_CATALOG_PASSWORD";
    /** Where the single-host default JDBC catalog lives when no URI is configured. */
    static final String SQLITE_DIR_CONF = "spark.emolake.catalog.sqlite-dir";

    /** Schemes whose rename is atomic: the Hadoop catalog is safe there. */
    private static final Set<String> ATOMIC_RENAME = Set.of("file", "hdfs", "viewfs");
    /** Commits that lose a race are retried: concurrent runs each commit once per table. */
    static final Map<String, String> COMMIT_RETRIES = Map.of(
            "commit.retry.num-retries", "20",
            "commit.retry.min-wait-ms", "100",
            "commit.retry.max-wait-ms", "10000",
            "commit.retry.total-timeout-ms", "600000");

    private final Kind kind;
    private final Map<String, String> properties;
    private final String description;
    private final String warning;

    private LakeCatalog(Kind kind, Map<String, String> properties, String description, String warning) {
        this.kind = kind;
        this.properties = properties;
        this.description = description;
        this.warning = warning;
    }

    Kind kind() {
        return kind;
    }

    /** The catalog's Iceberg properties (warehouse, type, uri, credentials); never printed. */
    Map<String, String> properties() {
        return properties;
    }

    /** Where the catalog is, without credentials, for messages. */
    String description() {
        return description;
    }

    /** A one-line warning to print before the run, or null. */
    String warning() {
        return warning;
    }

    /** The kind a lake at {@code root} gets when nothing was chosen or recorded. */
    static Kind defaultKind(String root) {
        String scheme = URI.create(root).getScheme();
        return scheme == null || ATOMIC_RENAME.contains(scheme.toLowerCase(Locale.ROOT)) ? Kind.HADOOP : Kind.JDBC;
    }

    /**
     * The catalog of the lake at {@code root} (qualified): {@code kind} (chosen or recorded) or the scheme's default;
     * a JDBC catalog at the chosen URI, the configured one, or a SQLite file on this host.
     */
    static LakeCatalog resolve(SparkSession spark, String root, Kind kind, String chosenUri) {
        return resolve(root, kind, chosenUri, key -> spark.conf().getOption(key).getOrElse(() -> null), System::getenv);
    }

    static LakeCatalog resolve(String root, Kind kind, String chosenUri, Function<String, String> conf,
            Function<String, String> env) {
        Kind k = kind != null ? kind : defaultKind(root);
        Map<String, String> p = new LinkedHashMap<>();
        p.put(CatalogProperties.WAREHOUSE_LOCATION, root);
        if (k == Kind.HADOOP) {
            p.put(CatalogUtil.ICEBERG_CATALOG_TYPE, CatalogUtil.ICEBERG_CATALOG_TYPE_HADOOP);
            if ("file".equals(URI.create(root).getScheme())) {
                // a local rename overwrites its target: commits of two processes are serialised by a file lock
                p.put(CatalogProperties.LOCK_IMPL, LocalCommitLock.class.getName());
            }
            return new LakeCatalog(k, p, "Hadoop catalog in " + root, null);
        }
        p.put(CatalogUtil.ICEBERG_CATALOG_TYPE, CatalogUtil.ICEBERG_CATALOG_TYPE_JDBC);
        String uri = firstOf(chosenUri, conf.apply(URI_CONF), env.apply(URI_ENV));
        String warning = null;
        if (uri == null) {
            String dir = firstOf(conf.apply(SQLITE_DIR_CONF), System.getProperty("user.home") + "/.emolake");
            Path db = Path.of(dir).toAbsolutePath().resolve("catalog.sqlite");
            db.getParent().toFile().mkdirs();
            uri = "jdbc:sqlite:" + db;
            warning = "the Iceberg catalog of " + root + " is the SQLite database " + db + " on this host only:"
                    + " runs and queries on other hosts do not see it (set --catalog-uri, " + URI_CONF + " or "
                    + URI_ENV + " to a shared database)";
        }
        p.put(CatalogProperties.URI, uri);
        // the current schema of the catalog's own tables (Spark asks for views too; older schemas are migrated)
        p.put("jdbc.schema-version", "V1");
        String user = firstOf(conf.apply(USER_CONF), env.apply(USER_ENV));
        String password = firstOf(conf.apply(PASSWORD_CONF), env.apply(PASSWORD_ENV));
        if (user != null) {
            p.put("jdbc.user", user);
        }
        if (password != null) {
            p.put("jdbc.password", password);
        }
        if (uri.startsWith("jdbc:sqlite:")) {
            // a writer waits for the other's transaction instead of failing at once
            p.put("jdbc.busy_timeout", "30000");
        }
        return new LakeCatalog(k, p, "JDBC catalog " + redact(uri), warning);
    }

    /** A JDBC URI without its query parameters and user info (they may hold credentials). */
    static String redact(String uri) {
        String s = uri.replaceAll("//[^/@]*@", "//");
        int q = s.indexOf('?');
        return q < 0 ? s : s.substring(0, q) + "?...";
    }

    private static String firstOf(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
