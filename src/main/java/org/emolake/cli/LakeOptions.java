package org.emolake.cli;

import org.emolake.job.JobException;
import org.emolake.job.LakeCatalog;
import picocli.CommandLine.Option;

/**
 * Where a lake's Iceberg tables are catalogued, declared once for every command that opens a lake ({@code @Mixin}).
 * Credentials are never options: they come from the Spark configuration or the environment (docs/JOB.md).
 */
final class LakeOptions {
    @Option(names = "--catalog", paramLabel = "KIND", converter = KindConverter.class,
            description = "Iceberg catalog: hadoop or jdbc. Default: the lake's recorded catalog; for a new lake"
                    + " hadoop on local disks and HDFS, jdbc on object stores (s3a, gs, abfs, ...).")
    LakeCatalog.Kind catalog;

    @Option(names = "--catalog-uri", paramLabel = "JDBC-URI",
            description = "JDBC URI of the catalog database (jdbc catalog). Default: spark.emolake.catalog.uri,"
                    + " else EMOLAKE_CATALOG_URI, else a SQLite file on this host.")
    String catalogUri;

    LakeCatalog.Choice choice() {
        return new LakeCatalog.Choice(catalog, catalogUri);
    }

    /** Accepts hadoop and jdbc in any case. */
    static final class KindConverter implements picocli.CommandLine.ITypeConverter<LakeCatalog.Kind> {
        @Override
        public LakeCatalog.Kind convert(String value) throws JobException {
            return LakeCatalog.Kind.parse(value);
        }
    }
}
