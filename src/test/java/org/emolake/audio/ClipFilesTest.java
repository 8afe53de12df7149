package org.emolake.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClipFilesTest {
    /** What the test channels do not need: they are only read, from the start. */
    private abstract static class ReadOnlyChannel implements SeekableByteChannel {
        @Override
        public int write(ByteBuffer src) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SeekableByteChannel position(long p) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SeekableByteChannel truncate(long s) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    /** A channel that reports {@code size} bytes and delivers {@code actual}. */
    private static SeekableByteChannel channel(long size, int actual) {
        return new ReadOnlyChannel() {
            private int position;

            @Override
            public int read(ByteBuffer dst) {
                if (position >= actual) {
                    return -1;
                }
                int n = Math.min(dst.remaining(), actual - position);
                dst.put(new byte[n]);
                position += n;
                return n;
            }

            @Override
            public long size() {
                return size;
            }

            @Override
            public long position() {
                return position;
            }
        };
    }

    @Test
    void aFileThatGrowsOrShrinksWhileReadIsUnreadable() throws IOException, AudioException {
        AudioException grew = assertThrows(AudioException.class, () -> ClipFiles.read(channel(10, 12), "g.wav", 100));
        assertEquals(ErrorCode.UNREADABLE, grew.code());
        assertEquals("Cannot decode g.wav: file changed size while being read: 10 bytes when opened, more bytes when"
                + " read", grew.getMessage());
        AudioException shrank = assertThrows(AudioException.class, () -> ClipFiles.read(channel(10, 4), "s.wav", 100));
        assertEquals("Cannot decode s.wav: file changed size while being read: 10 bytes when opened, 4 bytes when"
                + " read", shrank.getMessage());
        assertEquals(10, ClipFiles.read(channel(10, 10), "ok.wav", 100).length);
    }

    @Test
    void filesOverTheByteLimitAreRefusedBeforeReading(@TempDir Path dir) throws IOException {
        Path file = Files.write(dir.resolve("big.wav"), new byte[1000]);
        AudioException e = assertThrows(AudioException.class, () -> ClipFiles.read(file, 999));
        assertEquals(ErrorCode.TOO_LONG, e.code());
        assertTrue(e.getMessage().contains("1000 bytes, over the limit of 999 bytes"), e.getMessage());
    }

    /**
     * A real file appended to while it is read, by a thread writing numbered 512-byte chunks: every read is refused
     * as UNREADABLE or returns a whole, consistent file (a multiple of 512 bytes, each chunk its own content), and at
     * least one read is refused (the writer never pauses, so a read that never notices the growth is a bug).
     */
    @Test
    void aFileBeingAppendedToIsReadWholeOrRefused(@TempDir Path dir) throws Exception {
        int initial = 1 << 16;
        Path file = Files.write(dir.resolve("growing.wav"), new byte[initial]);
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
                byte[] chunk = new byte[512];
                for (int k = 1; !stop.get(); k++) {
                    Arrays.fill(chunk, (byte) k);
                    out.write(chunk);
                    out.flush();
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        int refused = 0;
        int whole = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try {
            while (refused == 0 && System.nanoTime() < deadline && Files.size(file) < (64 << 20)) {
                try {
                    byte[] bytes = ClipFiles.read(file, Long.MAX_VALUE);
                    assertEquals(0, bytes.length % 512, "a whole number of chunks");
                    for (int i = 0; i < bytes.length; i++) {
                        byte expected = i < initial ? 0 : (byte) ((i - initial) / 512 + 1);
                        if (bytes[i] != expected) {
                            fail("byte " + i + " of " + bytes.length + " is " + bytes[i] + ", expected " + expected);
                        }
                    }
                    whole++;
                } catch (AudioException e) {
                    assertEquals(ErrorCode.UNREADABLE, e.code(), e.getMessage());
                    assertTrue(e.getMessage().contains("changed size while being read"), e.getMessage());
                    refused++;
                }
            }
        } finally {
            stop.set(true);
            writer.join();
        }
        assertTrue(refused > 0, "no read of the growing file was refused (" + whole + " returned it whole)");
    }

    /** The same without a race: a real file grows by one chunk after it is opened, or shrinks. */
    @Test
    void aRealFileThatChangesAfterOpeningIsRefused(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("grows.wav"), new byte[4096]);
        try (FileChannel real = FileChannel.open(file, StandardOpenOption.READ)) {
            SeekableByteChannel growing = changingOnFirstRead(real,
                    () -> Files.write(file, new byte[512], StandardOpenOption.APPEND));
            AudioException e = assertThrows(AudioException.class, () -> ClipFiles.read(growing, "grows.wav", 1 << 20));
            assertEquals(ErrorCode.UNREADABLE, e.code());
            assertTrue(e.getMessage().endsWith("4096 bytes when opened, more bytes when read"), e.getMessage());
        }
        Path other = Files.write(dir.resolve("shrinks.wav"), new byte[4096]);
        try (FileChannel real = FileChannel.open(other, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            SeekableByteChannel shrinking = changingOnFirstRead(real, () -> real.truncate(1000));
            AudioException e = assertThrows(AudioException.class,
                    () -> ClipFiles.read(shrinking, "shrinks.wav", 1 << 20));
            assertTrue(e.getMessage().endsWith("4096 bytes when opened, 1000 bytes when read"), e.getMessage());
        }
    }

    private interface Change {
        void apply() throws IOException;
    }

    /** {@code real}, whose file {@code change} alters just before the first read. */
    private static SeekableByteChannel changingOnFirstRead(FileChannel real, Change change) {
        return new ReadOnlyChannel() {
            private boolean changed;

            @Override
            public int read(ByteBuffer dst) throws IOException {
                if (!changed) {
                    changed = true;
                    change.apply();
                }
                return real.read(dst);
            }

            @Override
            public long size() throws IOException {
                return real.size();
            }

            @Override
            public long position() throws IOException {
                return real.position();
            }
        };
    }

    @Test
    void aRegularFileReadsWhole(@TempDir Path dir) throws Exception {
        byte[] content = {1, 2, 3};
        assertArrayEquals(content, ClipFiles.read(Files.write(dir.resolve("a.wav"), content), 10));
        try {
            ClipFiles.classify(dir);
            fail("a folder is not a file");
        } catch (AudioException e) {
            assertEquals(ErrorCode.NOT_A_FILE, e.code());
        }
    }
}
