package org.emolake.job;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code --allowed-roots}: the folders a run may read clips from. A manifest path is allowed when it lies under
 * one of the roots after normalisation: the path is qualified (a path without scheme gets the default file
 * system's scheme and authority, a relative one the working folder), {@code .} and {@code ..} segments are
 * resolved, and scheme, authority and path are compared on path-segment boundaries ({@code /data/a} is not under
 * {@code /data/ab}). On the local file system a path that exists is also resolved with
 * {@link java.nio.file.Path#toRealPath} (symbolic links followed), and that real path must be under a root too, so
 * a link inside a root that points outside is refused; the file is then read through its real path.
 *
 * <p>The check touches no file system for paths that carry a scheme other than {@code file}: a refused path is
 * never opened, listed or stat-ed (for a local path only {@code toRealPath}'s link resolution runs).
 */
final class AllowedRoots implements Serializable {
    private static final long serialVersionUID = 1L;

    /** One allowed prefix: lower-case scheme, authority ("" if none), normalised path without trailing slash. */
    record Root(String scheme, String authority, String path) implements Serializable {
        boolean covers(Root p) {
            return scheme.equals(p.scheme) && authority.equalsIgnoreCase(p.authority)
                    && (path.equals("/") || p.path.equals(path) || p.path.startsWith(path + "/"));
        }

        @Override
        public String toString() {
            return scheme + "://" + authority + path;
        }
    }

    /** The outcome of a check: {@code reason == null} when allowed; {@code readPath} is what to open. */
    record Verdict(String reason, String readPath) {
        boolean allowed() {
            return reason == null;
        }
    }

    private final List<Root> roots;
    private final String defaultFs;

    private AllowedRoots(List<Root> roots, String defaultFs) {
        this.roots = List.copyOf(roots);
        this.defaultFs = defaultFs;
    }

    /** The roots of a comma-separated list, qualified on the driver; null for no list (everything allowed). */
    static AllowedRoots parse(String list, Configuration conf) throws JobException {
        if (list == null) {
            return null;
        }
        String defaultFs = FileSystem.getDefaultUri(conf).toString();
        // roots relative to the driver's working folder (they come from its command line)
        String workingDir = System.getProperty("user.dir");
        AllowedRoots empty = new AllowedRoots(List.of(), defaultFs);
        Set<Root> roots = new LinkedHashSet<>();
        for (String part : list.split(",", -1)) {
            String s = part.trim();
            if (s.isEmpty()) {
                throw new JobException("empty root in --allowed-roots '" + list + "'");
            }
            Root lexical = empty.qualify(s, workingDir);
            if (lexical == null || lexical.path().contains("/../") || lexical.path().endsWith("/..")) {
                throw new JobException("bad root '" + s + "' in --allowed-roots");
            }
            roots.add(lexical);
            Root real = realPath(lexical);
            if (real != null && real != UNRESOLVED) {
                roots.add(real);
            }
        }
        return new AllowedRoots(new ArrayList<>(roots), defaultFs);
    }

    List<Root> roots() {
        return roots;
    }

    /** Whether {@code pathString} may be read, and through which path. */
    Verdict check(String pathString) {
        // a relative manifest path is relative to the executor's working folder, as when Hadoop opens it
        Root lexical = qualify(pathString, System.getProperty("user.dir"));
        if (lexical == null) {
            return new Verdict(pathString + ": not a valid path, and --allowed-roots is set", null);
        }
        if (lexical.path().startsWith("/..") || !coveredByAny(lexical)) {
            return new Verdict(pathString + ": outside the allowed roots (" + lexical + " is under none of "
                    + rootList() + ")", null);
        }
        Root real = realPath(lexical);
        if (real != null) {
            if (real == UNRESOLVED) {
                return new Verdict(pathString + ": its real path (symbolic links resolved) cannot be determined,"
                        + " and --allowed-roots is set", null);
            }
            if (!coveredByAny(real)) {
                return new Verdict(pathString + ": resolves to " + real.path() + " (symbolic link), outside the"
                        + " allowed roots " + rootList(), null);
            }
            return new Verdict(null, real.toString());
        }
        // (the qualified path: what was checked is what is read)
        return new Verdict(null, lexical.scheme().equals("file") ? lexical.toString() : pathString);
    }

    private boolean coveredByAny(Root p) {
        for (Root r : roots) {
            if (r.covers(p)) {
                return true;
            }
        }
        return false;
    }

    private String rootList() {
        return String.join(", ", roots.stream().map(Root::toString).toList());
    }

    /** Scheme, authority and normalised path of a path string; null if it cannot be parsed. */
    private Root qualify(String s, String workingDir) {
        try {
            URI uri = new Path(s).toUri();
            String scheme = uri.getScheme();
            String authority = uri.getAuthority();
            String path = uri.getPath();
            if (path == null || path.isEmpty()) {
                return null;
            }
            if (scheme == null) {
                URI fs = URI.create(defaultFs);
                scheme = fs.getScheme();
                authority = fs.getAuthority();
            }
            scheme = scheme.toLowerCase(Locale.ROOT);
            if (!path.startsWith("/")) {
                if (!scheme.equals("file")) {
                    return null;
                }
                path = new Path(new Path(workingDir), path).toUri().getPath();
            }
            // Hadoop's Path already normalises; once more for paths it kept as given.
            path = new URI(null, null, path, null).normalize().getPath();
            if (path.length() > 1 && path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            return new Root(scheme, authority == null ? "" : authority, path);
        } catch (IllegalArgumentException | java.net.URISyntaxException e) {
            return null;
        }
    }

    /**
     * The real path of an existing local file or folder (links resolved); null for a path that does not exist
     * (nothing to read there); {@link #UNRESOLVED}, which no root covers, for one that exists but cannot be resolved.
     */
    private static Root realPath(Root p) {
        if (!p.scheme().equals("file") || !p.authority().isEmpty()) {
            return null;
        }
        java.nio.file.Path local;
        try {
            local = Paths.get(p.path());
        } catch (RuntimeException e) {
            return UNRESOLVED;
        }
        if (!Files.exists(local)) {
            return null;
        }
        try {
            return new Root("file", "", local.toRealPath().toString());
        } catch (IOException | RuntimeException e) {
            return UNRESOLVED;
        }
    }

    private static final Root UNRESOLVED = new Root("unresolved", "", "/");
}
