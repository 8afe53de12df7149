package org.emolake.audio;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * The JNA binding of the libsndfile 1.2 functions emolake calls ({@code sndfile.h}): opening through virtual I/O,
 * seeking and reading float frames, as soundfile (and so {@code librosa.load}) does. The library is the copy bundled
 * in the jar ({@link BundledNatives}), {@code -Demolake.sndfile.library} / {@code $EMOLAKE_SNDFILE_LIBRARY} if set,
 * or the system's {@code libsndfile.so.1} with {@code -Demolake.natives=system}.
 */
final class Sndfile {
    static final String LIBRARY_PROPERTY = "emolake.sndfile.library";
    static final String LIBRARY_ENV = "EMOLAKE_SNDFILE_LIBRARY";

    static final int SFM_READ = 0x10;
    static final int SEEK_SET = 0;
    static final int SEEK_CUR = 1;
    static final int SEEK_END = 2;
    static final int SFC_SET_CLIPPING = 0x10C0;
    static final int SF_TRUE = 1;
    static final int SF_FORMAT_SUBMASK = 0x0000FFFF;
    static final int SF_FORMAT_TYPEMASK = 0x0FFF0000;

    /** The C functions, by their C names; {@code sf_count_t} is a 64-bit integer. */
    interface Api extends Library {
        String sf_version_string();

        Pointer sf_open_virtual(VirtualIo sfvirtual, int mode, Info sfinfo, Pointer userData);

        String sf_strerror(Pointer sndfile);

        int sf_command(Pointer sndfile, int command, Pointer data, int datasize);

        long sf_seek(Pointer sndfile, long frames, int whence);

        long sf_readf_float(Pointer sndfile, float[] buffer, long frames);

        int sf_close(Pointer sndfile);
    }

    /** {@code SF_INFO}. */
    @Structure.FieldOrder({"frames", "samplerate", "channels", "format", "sections", "seekable"})
    public static final class Info extends Structure {
        public long frames;
        public int samplerate;
        public int channels;
        public int format;
        public int sections;
        public int seekable;
    }

    /** {@code sf_vio_get_filelen}. */
    public interface GetFileLength extends Callback {
        long invoke(Pointer userData);
    }

    /** {@code sf_vio_seek}. */
    public interface Seek extends Callback {
        long invoke(long offset, int whence, Pointer userData);
    }

    /** {@code sf_vio_read}. */
    public interface Read extends Callback {
        long invoke(Pointer buffer, long count, Pointer userData);
    }

    /** {@code sf_vio_write}. */
    public interface Write extends Callback {
        long invoke(Pointer buffer, long count, Pointer userData);
    }

    /** {@code sf_vio_tell}. */
    public interface Tell extends Callback {
        long invoke(Pointer userData);
    }

    /** {@code SF_VIRTUAL_IO}: the callbacks through which libsndfile reads a source it never opens itself. */
    @Structure.FieldOrder({"get_filelen", "seek", "read", "write", "tell"})
    public static final class VirtualIo extends Structure {
        public GetFileLength get_filelen;
        public Seek seek;
        public Read read;
        public Write write;
        public Tell tell;
    }

    private Sndfile() {
    }

    /** The loaded library; throws {@link NativeLibraryUnavailableException} if it cannot be loaded. */
    static Api library() {
        if (Holder.FAILURE != null) {
            throw Holder.FAILURE;
        }
        return Holder.LIBRARY;
    }

    private static final class Holder {
        static final Api LIBRARY;
        static final NativeLibraryUnavailableException FAILURE;

        static {
            String configured = System.getProperty(LIBRARY_PROPERTY);
            if (configured == null || configured.isBlank()) {
                configured = System.getenv(LIBRARY_ENV);
            }
            Api loaded = null;
            NativeLibraryUnavailableException failure = null;
            String candidate = null;
            try {
                candidate = configured != null && !configured.isBlank() ? configured.trim()
                        : BundledNatives.useSystemLibraries() ? "libsndfile.so.1"
                        : BundledNatives.path("libsndfile.so.1");
                loaded = Native.load(candidate, Api.class);
                loaded.sf_version_string();
            } catch (NativeLibraryUnavailableException e) {
                failure = e;
                loaded = null;
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                loaded = null;
                failure = new NativeLibraryUnavailableException("Cannot load libsndfile: not loadable from " + candidate
                        + " (" + e.getMessage() + "; install Debian/Ubuntu package libsndfile1 with -D"
                        + BundledNatives.MODE_PROPERTY + "=system, or set -D" + LIBRARY_PROPERTY
                        + "=/path/to/libsndfile.so.1 / env " + LIBRARY_ENV + ")", e);
            }
            LIBRARY = loaded;
            FAILURE = failure;
        }
    }
}
