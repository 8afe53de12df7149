package org.emolake.job;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Storage's redaction, scheme check and AWS environment mapping, without any server. */
class StorageTest {
    @Test
    void redactsUserInfoAndCredentialParametersOnly() {
        assertEquals("s3a://***@bucket/clips and hdfs://nn:8020/lake",
                Storage.redact("s3a://AKIAEXAMPLE:wJalr/secret@bucket/clips and hdfs://nn:8020/lake"));
        assertEquals("https://h/x.wav?X-Amz-Credential=***&X-Amz-Signature=***&part=2",
                Storage.redact("https://h/x.wav?X-Amz-Credential=AKIA/2026&X-Amz-Signature=abc123&part=2"));
        assertEquals("/data/a@b/x.wav and s3a://bucket/a@b.wav", Storage.redact("/data/a@b/x.wav and s3a://bucket/a@b.wav"));
        assertEquals("hdfs://***@nn:8020/x", Storage.redact("hdfs://alice@nn:8020/x"));
        assertNull(Storage.redact(null));
    }

    @Test
    void aSchemeWithoutFileSystemIsRefusedNamingTheFix() throws Exception {
        Configuration conf = new Configuration();
        Storage.checkScheme("s3a://bucket/clips", conf);
        Storage.checkScheme("/data/clips", conf);
        Storage.checkScheme("file:///data/clips", conf);
        JobException s3 = assertThrows(JobException.class, () -> Storage.checkScheme("s3://bucket/clips", conf));
        assertTrue(s3.getMessage().startsWith("No Hadoop file system for scheme 's3' (s3://bucket/clips): use s3a://"),
                s3.getMessage());
        JobException gs = assertThrows(JobException.class,
                () -> Storage.checkScheme("gs://u:p@bucket/clips", conf));
        assertTrue(gs.getMessage().contains("gcs-connector") && gs.getMessage().contains("gs://***@bucket")
                && !gs.getMessage().contains("u:p"), gs.getMessage());
        // the same explanation when the failure surfaces later, inside another exception
        Exception late = assertThrows(Exception.class, () -> new Path("abfs://c@acct/x").getFileSystem(conf));
        String explained = Storage.explain(new RuntimeException("wrapped", late));
        assertTrue(explained != null && explained.contains("'abfs'") && explained.contains("hadoop-azure"), explained);
        assertNull(Storage.explain(new RuntimeException("something else")));
    }

    @Test
    void awsEnvironmentVariablesBecomeS3aSettingsUnlessConfigured() {
        Configuration conf = new Configuration(false);
        assertEquals(Map.of("fs.s3a.endpoint", "http://127.0.0.1:9000", "fs.s3a.endpoint.region", "eu-west-1"),
                Storage.fromEnvironment(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:9000",
                        "AWS_DEFAULT_REGION", "eu-west-1", "AWS_SECRET_ACCESS_KEY", "never-copied"), conf));
        assertEquals(Map.of("fs.s3a.endpoint", "http://s3.local"),
                Storage.fromEnvironment(Map.of("AWS_ENDPOINT_URL", "http://other", "AWS_ENDPOINT_URL_S3",
                        "http://s3.local"), conf));
        conf.set("fs.s3a.endpoint", "http://configured");
        conf.set("fs.s3a.endpoint.region", "us-east-1");
        assertEquals(Map.of(), Storage.fromEnvironment(Map.of("AWS_ENDPOINT_URL", "http://env", "AWS_REGION",
                "eu-west-1"), conf));
        org.apache.spark.SparkConf given = new org.apache.spark.SparkConf(false)
                .set("spark.hadoop.fs.s3a.endpoint", "http://given");
        assertEquals(Map.of("spark.hadoop.fs.s3a.endpoint.region", "eu-west-1"),
                Storage.sparkSettings(given, Map.of("AWS_ENDPOINT_URL", "http://env", "AWS_REGION", "eu-west-1")));
    }
}
