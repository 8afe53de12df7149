package org.emolake.job;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which catalog a lake gets, from its scheme, the command line, the configuration and the environment. */
class LakeCatalogTest {
    @TempDir
    Path tmp;

    private static final Function<String, String> NONE = key -> null;

    @Test
    void theSchemeChoosesTheDefault() {
        assertEquals(LakeCatalog.Kind.HADOOP, LakeCatalog.defaultKind("file:/data/lake"));
        assertEquals(LakeCatalog.Kind.HADOOP, LakeCatalog.defaultKind("hdfs://nn:8020/lake"));
        for (String root : new String[] {"s3a://bucket/lake", "s3://bucket/lake", "gs://bucket/lake",
                "abfs://c@account.dfs.core.windows.net/lake", "oss://bucket/lake"}) {
            assertEquals(LakeCatalog.Kind.JDBC, LakeCatalog.defaultKind(root), root);
        }
    }

    @Test
    void aLocalHadoopCatalogCommitsUnderAFileLock() {
        LakeCatalog local = LakeCatalog.resolve("file:/data/lake", null, null, NONE, NONE);
        assertEquals(LakeCatalog.Kind.HADOOP, local.kind());
        assertEquals("hadoop", local.properties().get("type"));
        assertEquals(LocalCommitLock.class.getName(), local.properties().get("lock-impl"));
        LakeCatalog hdfs = LakeCatalog.resolve("hdfs://nn:8020/lake", null, null, NONE, NONE);
        assertNull(hdfs.properties().get("lock-impl"), "HDFS renames atomically");
        assertNull(local.warning());
    }

    @Test
    void theUriComesFromTheOptionThenTheConfigurationThenTheEnvironment() {
        Map<String, String> conf = Map.of(LakeCatalog.URI_CONF, "jdbc:postgresql://conf/db");
        Map<String, String> env = Map.of(LakeCatalog.URI_ENV, "jdbc:postgresql://env/db",
                LakeCatalog.USER_ENV, "emolake", LakeCatalog.PASSWORD_ENV, "s3cret");
        LakeCatalog chosen = LakeCatalog.resolve("s3a://b/lake", null, "jdbc:postgresql://option/db", conf::get,
                env::get);
        assertEquals("jdbc:postgresql://option/db", chosen.properties().get("uri"));
        assertEquals("jdbc:postgresql://conf/db",
                LakeCatalog.resolve("s3a://b/lake", null, null, conf::get, env::get).properties().get("uri"));
        LakeCatalog fromEnv = LakeCatalog.resolve("s3a://b/lake", null, null, NONE, env::get);
        assertEquals("jdbc:postgresql://env/db", fromEnv.properties().get("uri"));
        assertEquals("emolake", fromEnv.properties().get("jdbc.user"));
        assertEquals("s3cret", fromEnv.properties().get("jdbc.password"));
        assertFalse(fromEnv.description().contains("s3cret"));
        assertNull(fromEnv.warning());
        // --catalog hadoop overrides the scheme's default
        assertEquals(LakeCatalog.Kind.HADOOP,
                LakeCatalog.resolve("s3a://b/lake", LakeCatalog.Kind.HADOOP, null, conf::get, env::get).kind());
    }

    @Test
    void withoutAUriTheCatalogIsASqliteFileOnThisHostWithAWarning() {
        Map<String, String> conf = Map.of(LakeCatalog.SQLITE_DIR_CONF, tmp.toString());
        LakeCatalog c = LakeCatalog.resolve("s3a://b/lake", null, null, conf::get, NONE);
        assertEquals("jdbc:sqlite:" + tmp.resolve("catalog.sqlite"), c.properties().get("uri"));
        assertTrue(c.warning().contains("on this host only"), c.warning());
        assertTrue(c.warning().contains("--catalog-uri"), c.warning());
    }

    @Test
    void descriptionsHideCredentials() {
        assertEquals("jdbc:postgresql://db:5432/cat?...",
                LakeCatalog.redact("jdbc:postgresql://db:5432/cat?user=u&password=p"));
        assertEquals("jdbc:mysql://db/cat", LakeCatalog.redact("jdbc:mysql://u:p@db/cat"));
    }
}
