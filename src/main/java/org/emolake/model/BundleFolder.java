package org.emolake.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a model bundle's files are: a local folder ({@link #local(Path)}) or any other store a higher layer can read
 * (the job layer reads bundles from HDFS and S3 through Hadoop's FileSystem). {@link ModelBundle} checks the layout
 * through this interface only, so a bundle is checked the same way wherever it lives.
 */
public interface BundleFolder {
    /** What a name in the folder is. */
    enum Kind {
        FILE, FOLDER, MISSING
    }

    /** The folder as messages name it (a path or a URI without secrets). */
    String location();

    /** What {@code name} (a file name in the folder) is. */
    Kind kind(String name) throws IOException;

    /** What the folder itself is. */
    Kind kind() throws IOException;

    /** The names of the folder's entries. */
    List<String> names() throws IOException;

    byte[] read(String name) throws IOException;

    /** A file of the folder as messages name it. */
    default String display(String name) {
        return location().endsWith("/") ? location() + name : location() + "/" + name;
    }

    static BundleFolder local(Path dir) {
        return new BundleFolder() {
            @Override
            public String location() {
                return dir.toString();
            }

            @Override
            public String display(String name) {
                return dir.resolve(name).toString();
            }

            @Override
            public Kind kind(String name) {
                return kindOf(dir.resolve(name));
            }

            @Override
            public Kind kind() {
                return kindOf(dir);
            }

            @Override
            public List<String> names() throws IOException {
                try (Stream<Path> files = Files.list(dir)) {
                    return files.map(p -> p.getFileName().toString()).toList();
                }
            }

            @Override
            public byte[] read(String name) throws IOException {
                return Files.readAllBytes(dir.resolve(name));
            }

            private static Kind kindOf(Path p) {
                return Files.isDirectory(p) ? Kind.FOLDER : Files.exists(p) ? Kind.FILE : Kind.MISSING;
            }
        };
    }
}
