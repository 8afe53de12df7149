package org.emolake.job;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.UnsupportedFileSystemException;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the job's files live (local disk, HDFS, S3 through S3A, any Hadoop FileSystem): the checks and messages that
 * are the same for every location a command is given, the AWS environment variables S3A does not read itself, and the
 * redaction of secrets in locations before they are printed or recorded (docs/STORAGE.md).
 */
public final class Storage {
    /**
     * The user-info part of a URI: {@code scheme://user:secret@} (a secret may hold '/', as AWS secret keys do, so a
     * colon form runs to the '@'; a path with an '@' after a port is over-redacted, never under-redacted) or
     * {@code scheme://user@}.
     */
    private static final Pattern USER_INFO = Pattern.compile(
            "\\b([a-zA-Z][a-zA-Z0-9+.-]*://)(?:[^@\\s/:]*:[^@\\s]*|[^@\\s/:]+)@");
    /** The FileSystem classes Hadoop's defaults name, by scheme, for a failure that names only the class. */
    private static final Map<String, String> SCHEME_OF_CLASS = Map.of("S3AFileSystem", "s3a",
            "AzureBlobFileSystem", "abfs", "SecureAzureBlobFileSystem", "abfss", "NativeAzureFileSystem", "wasb",
            "GoogleHadoopFileSystem", "gs");
    /** Query parameters that carry credentials (signed URLs, SAS tokens, ...). */
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)([?&](?:x-amz-(?:signature|credential|security-token)|signature|sig|awsaccesskeyid|secret|token"
                    + "|password|access[_-]?key)=)[^&\\s]+");
    private static final String HADOOP_AWS = "hadoop-aws and the AWS SDK v2 modules s3, s3-transfer-manager and sts"
            + " (target/lib and emolake-spark.jar hold them)";

    private Storage() {
    }

    /** {@code text} with the user info of every URI in it and credential query parameters replaced by {@code ***}. */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        return SECRET_PARAMETER.matcher(USER_INFO.matcher(text).replaceAll("$1***@")).replaceAll("$1***");
    }

    /**
     * Refuses, before any work, a location whose scheme no Hadoop FileSystem on the class path serves, with the fix
     * (which connector to add, or which scheme to use instead). A location without a scheme is a path on the default
     * file system and always passes.
     */
    static void checkScheme(String location, Configuration conf) throws JobException {
        if (location == null || location.isBlank()) {
            return;
        }
        String scheme;
        try {
            scheme = new Path(location).toUri().getScheme();
        } catch (IllegalArgumentException e) {
            throw new JobException("bad location '" + redact(location) + "': " + e.getMessage(), e);
        }
        if (scheme == null) {
            return;
        }
        try {
            FileSystem.getFileSystemClass(scheme, conf);
        } catch (IOException | RuntimeException e) {
            throw new JobException(missingFileSystem(scheme, location, e), e);
        }
    }

    /** {@link #checkScheme} for each location. */
    static void checkSchemes(Configuration conf, String... locations) throws JobException {
        for (String location : locations) {
            checkScheme(location, conf);
        }
    }

    /**
     * The one-line explanation of a failure caused by a scheme no FileSystem serves (anywhere in the cause chain,
     * e.g. inside a Spark exception), or null if that is not what happened.
     */
    public static String explain(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UnsupportedFileSystemException) {
                Matcher m = Pattern.compile("scheme \"?([^\"\\s]+)\"?").matcher(String.valueOf(t.getMessage()));
                return missingFileSystem(m.find() ? m.group(1) : "?", null, t);
            }
            if (t instanceof ClassNotFoundException && String.valueOf(t.getMessage()).contains("FileSystem")) {
                String message = String.valueOf(t.getMessage());
                String scheme = SCHEME_OF_CLASS.entrySet().stream().filter(e -> message.contains("." + e.getKey() + " "))
                        .map(Map.Entry::getValue).findFirst().orElse("?");
                return missingFileSystem(scheme, null, t);
            }
        }
        return null;
    }

    private static String missingFileSystem(String scheme, String location, Throwable cause) {
        String where = location == null ? "" : " (" + redact(location) + ")";
        String fix = switch (scheme.toLowerCase(Locale.ROOT)) {
            case "s3", "s3n" -> "use s3a:// (Hadoop's S3 connector; configure it as docs/STORAGE.md says)";
            case "s3a" -> "put " + HADOOP_AWS + " on the class path";
            case "abfs", "abfss", "wasb", "wasbs" -> "add hadoop-azure " + hadoopVersion()
                    + " (spark-submit --jars or --packages)";
            case "gs" -> "add Google's gcs-connector for Hadoop 3 (spark-submit --jars)";
            default -> "add the jar of a Hadoop FileSystem for '" + scheme + "' (spark-submit --jars) or set fs."
                    + scheme + ".impl";
        };
        return "No Hadoop file system for scheme '" + scheme + "'" + where + ": " + fix + ". ("
                + cause.getClass().getSimpleName() + ": " + redact(cause.getMessage()) + ")";
    }

    private static String hadoopVersion() {
        return org.apache.hadoop.util.VersionInfo.getVersion();
    }

    /**
     * The S3A settings the standard AWS environment variables imply where S3A does not read them itself: S3A takes its
     * endpoint from {@code fs.s3a.endpoint} only, so {@code AWS_ENDPOINT_URL_S3} (else {@code AWS_ENDPOINT_URL}) becomes
     * that, and {@code AWS_REGION} (else {@code AWS_DEFAULT_REGION}) becomes {@code fs.s3a.endpoint.region}, which S3A
     * needs with an explicit endpoint. A setting the configuration already has wins. Credentials are left to S3A's
     * provider chain, which reads {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and
     * {@code AWS_SESSION_TOKEN} itself.
     */
    static Map<String, String> fromEnvironment(Map<String, String> env, Configuration conf) {
        Map<String, String> settings = new LinkedHashMap<>();
        putIfUnset(settings, conf, "fs.s3a.endpoint", first(env, "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"));
        putIfUnset(settings, conf, "fs.s3a.endpoint.region", first(env, "AWS_REGION", "AWS_DEFAULT_REGION"));
        return settings;
    }

    /**
     * {@link #fromEnvironment} as {@code spark.hadoop.*} settings for a new Spark session, given what spark-submit or
     * spark-defaults.conf already set ({@code given}) and the Hadoop site files.
     */
    static Map<String, String> sparkSettings(org.apache.spark.SparkConf given, Map<String, String> env) {
        Configuration conf = new Configuration();
        for (scala.Tuple2<String, String> e : given.getAllWithPrefix("spark.hadoop.")) {
            conf.set(e._1(), e._2());
        }
        Map<String, String> settings = new LinkedHashMap<>();
        fromEnvironment(env, conf).forEach((k, v) -> settings.put("spark.hadoop." + k, v));
        return settings;
    }

    /**
     * A Hadoop configuration for a command that runs without Spark (model inspect): the Hadoop defaults and site files,
     * the {@code spark.hadoop.*} JVM system properties (as Spark would apply them) and {@link #fromEnvironment}.
     */
    public static Configuration standaloneConfiguration() {
        Configuration conf = new Configuration();
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("spark.hadoop."))
                .forEach(k -> conf.set(k.substring("spark.hadoop.".length()), System.getProperty(k)));
        fromEnvironment(System.getenv(), conf).forEach(conf::set);
        return conf;
    }

    private static void putIfUnset(Map<String, String> settings, Configuration conf, String key, String value) {
        String current = conf.getTrimmed(key);
        if (value != null && !value.isBlank() && (current == null || current.isEmpty())) {
            settings.put(key, value.strip());
        }
    }

    private static String first(Map<String, String> env, String... names) {
        for (String name : names) {
            String v = env.get(name);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
