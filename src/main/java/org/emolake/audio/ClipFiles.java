package org.emolake.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;

/**
 * Reading one clip file from a local (or NIO-mounted) file system, with every way it can fail turned into an
 * {@link AudioException}: plain Java so that the command line and any job reader classify paths the same way.
 *
 * <table>
 * <caption>Path problems and their codes</caption>
 * <tr><th>what</th><th>code</th></tr>
 * <tr><td>nothing at the path; a dangling symbolic link; a parent that is a file</td><td>{@link ErrorCode#FILE_NOT_FOUND}</td></tr>
 * <tr><td>a folder, FIFO, socket or device; a symbolic-link loop</td><td>{@link ErrorCode#NOT_A_FILE}</td></tr>
 * <tr><td>permission denied; an I/O error; a file that changed size while read</td><td>{@link ErrorCode#UNREADABLE}</td></tr>
 * <tr><td>a file larger than the byte limit (checked before reading)</td><td>{@link ErrorCode#TOO_LONG}</td></tr>
 * </table>
 *
 * <p>A FIFO is refused before it is opened (opening one would block until a writer appears).
 */
public final class ClipFiles {
    /** The largest byte array the JVM allocates. */
    public static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

    private ClipFiles() {
    }

    /** Checks that {@code path} names a regular file (following symbolic links) and returns its attributes. */
    public static BasicFileAttributes classify(Path path) throws AudioException {
        String name = path.toString();
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new AudioException(ErrorCode.FILE_NOT_FOUND, name,
                    isSymbolicLink(path) ? "symbolic link to a missing file" : "no such file", e);
        } catch (AccessDeniedException e) {
            throw new AudioException(ErrorCode.UNREADABLE, name, "permission denied", e);
        } catch (FileSystemException e) {
            String reason = String.valueOf(e.getReason());
            String lower = reason.toLowerCase(Locale.ROOT);
            if (lower.contains("levels of symbolic links")) {
                throw new AudioException(ErrorCode.NOT_A_FILE, name, "symbolic link loop (" + reason + ")", e);
            }
            if (lower.contains("not a directory")) {
                throw new AudioException(ErrorCode.FILE_NOT_FOUND, name, "no such file (" + reason + ")", e);
            }
            throw new AudioException(ErrorCode.UNREADABLE, name, reason, e);
        } catch (IOException e) {
            throw new AudioException(ErrorCode.UNREADABLE, name, String.valueOf(e.getMessage()), e);
        } catch (SecurityException e) {
            throw new AudioException(ErrorCode.UNREADABLE, name, "access denied by the security manager", e);
        }
        if (attributes.isDirectory()) {
            throw new AudioException(ErrorCode.NOT_A_FILE, name, "is a directory, not a file");
        }
        if (!attributes.isRegularFile()) {
            throw new AudioException(ErrorCode.NOT_A_FILE, name, "not a regular file (FIFO, socket or device)");
        }
        return attributes;
    }

    /**
     * The whole file, after {@link #classify}; files over {@code maxBytes} are refused before anything is read.
     * The size is read once when the file is opened; a file that then ends early or goes on past it is refused
     * ({@link ErrorCode#UNREADABLE}, "changed size while being read") rather than decoded half-written.
     */
    public static byte[] read(Path path, long maxBytes) throws AudioException {
        classify(path);
        String name = path.toString();
        try (SeekableByteChannel channel = Files.newByteChannel(path, StandardOpenOption.READ)) {
            return read(channel, name, maxBytes);
        } catch (NoSuchFileException e) {
            throw new AudioException(ErrorCode.FILE_NOT_FOUND, name, "no such file (removed while being opened)", e);
        } catch (AccessDeniedException e) {
            throw new AudioException(ErrorCode.UNREADABLE, name, "permission denied", e);
        } catch (IOException e) {
            throw new AudioException(ErrorCode.UNREADABLE, name, "read failed: " + e.getMessage(), e);
        }
    }

    /**
     * The file opened for reading, after {@link #classify}; the caller closes it. Path problems are classified as
     * for {@link #read}.
     */
    public static SeekableByteChannel open(Path path) throws AudioException {
        classify(path);
        String name = path.toString();
        try {
            return Files.newByteChannel(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new AudioException(ErrorCode.FILE_NOT_FOUND, name, "no such file (removed while being opened)", e);
        } catch (AccessDeniedException e) {
            throw new AudioException(ErrorCode.UNREADABLE, name, "permission denied", e);
        } catch (IOException e) {
            throw new AudioException(ErrorCode.UNREADABLE, name, "cannot open: " + e.getMessage(), e);
        }
    }

    /** A read-only seekable channel over bytes already in memory. */
    public static SeekableByteChannel inMemoryChannel(byte[] bytes) {
        return new ByteArrayChannel(bytes);
    }

    /** Reads an open channel of exactly the size it reports when asked first. */
    static byte[] read(SeekableByteChannel channel, String name, long maxBytes) throws IOException, AudioException {
        long size = channel.size();
        long limit = Math.min(maxBytes, MAX_ARRAY_BYTES);
        if (size > limit) {
            throw new AudioException(ErrorCode.TOO_LONG, name,
                    "file is " + size + " bytes, over the limit of " + limit + " bytes");
        }
        byte[] bytes = new byte[(int) size];
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw changed(name, size, buffer.position() + " bytes");
            }
        }
        if (channel.read(ByteBuffer.allocate(1)) > 0) {
            throw changed(name, size, "more bytes");
        }
        return bytes;
    }

    private static AudioException changed(String name, long announced, String found) {
        return new AudioException(ErrorCode.UNREADABLE, name,
                "file changed size while being read: " + announced + " bytes when opened, " + found + " when read");
    }

    private static boolean isSymbolicLink(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isSymbolicLink();
        } catch (IOException | SecurityException e) {
            return false;
        }
    }
}
