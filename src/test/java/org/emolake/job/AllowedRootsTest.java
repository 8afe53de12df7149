package org.emolake.job;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The path normalisation and prefix rules of --allowed-roots, without Spark. */
class AllowedRootsTest {
    @TempDir
    Path tmp;

    static boolean allowed(AllowedRoots roots, String path) {
        return roots.check(path).allowed();
    }

    @Test
    void prefixesMatchOnPathSegmentBoundariesWithSchemeAndAuthority() throws Exception {
        AllowedRoots roots = AllowedRoots.parse("hdfs://nn:8020/data/audio,s3a://bucket/clips/", new Configuration());
        assertTrue(allowed(roots, "hdfs://nn:8020/data/audio/a.wav"));
        assertTrue(allowed(roots, "hdfs://NN:8020/data/audio/x/../b.wav"));
        assertTrue(allowed(roots, "s3a://bucket/clips/2026/a.wav"));
        assertFalse(allowed(roots, "hdfs://nn:8020/data/audio2/a.wav"), "sibling with the root as string prefix");
        assertFalse(allowed(roots, "hdfs://nn:8020/data/audio/../secret.wav"));
        assertFalse(allowed(roots, "hdfs://nn:8020/data/audio/../../../../etc/passwd"));
        assertFalse(allowed(roots, "hdfs://other:8020/data/audio/a.wav"), "other authority");
        assertFalse(allowed(roots, "webhdfs://nn:8020/data/audio/a.wav"), "other scheme");
        assertFalse(allowed(roots, "s3a://bucket2/clips/a.wav"));
        assertFalse(allowed(roots, "/data/audio/a.wav"), "the default file system is file:, not hdfs:");
        assertFalse(allowed(roots, "hdfs://nn:8020/data"));
    }

    @Test
    void localPathsAreQualifiedAndSymbolicLinksResolved() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Path outside = Files.writeString(tmp.resolve("outside.wav"), "x");
        Files.writeString(root.resolve("a.wav"), "x");
        Files.createSymbolicLink(root.resolve("out.wav"), outside);
        Files.createSymbolicLink(root.resolve("dir-out"), tmp);
        Path realRoot = Files.createDirectories(tmp.resolve("real"));
        Files.writeString(realRoot.resolve("b.wav"), "x");
        Path linkedRoot = Files.createSymbolicLink(tmp.resolve("linked-root"), realRoot);

        AllowedRoots roots = AllowedRoots.parse(root + "/," + linkedRoot, new Configuration());
        assertTrue(allowed(roots, root + "/a.wav"));
        assertTrue(allowed(roots, "file:" + root + "/a.wav"));
        assertTrue(allowed(roots, "file://" + root + "/./a.wav"));
        assertEquals("file://" + root.toRealPath() + "/a.wav", roots.check(root + "/a.wav").readPath());
        assertTrue(allowed(roots, root + "/not-yet.wav"), "a missing file is checked lexically, then not found");
        assertFalse(allowed(roots, root + "/../outside.wav"));
        assertFalse(allowed(roots, outside.toString()));
        assertFalse(allowed(roots, root + "/out.wav"), "a link out of the root");
        assertFalse(allowed(roots, root + "/dir-out/outside.wav"), "a folder link out of the root");
        assertTrue(allowed(roots, linkedRoot + "/b.wav"), "a root that is itself a link");
        assertTrue(roots.check(root + "/out.wav").reason().contains("symbolic link"));
        assertNull(AllowedRoots.parse(null, new Configuration()));
        assertThrows(JobException.class, () -> AllowedRoots.parse("/a,", new Configuration()));
        assertThrows(JobException.class, () -> AllowedRoots.parse("/../a", new Configuration()));
    }
}
