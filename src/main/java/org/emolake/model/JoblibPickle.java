package org.emolake.model;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * Reads files written by {@code joblib.dump} (pickle protocols 2 to 5, plain, zlib or gzip) without Python.
 *
 * <p>Only the globals a fitted {@code StandardScaler} or {@code LabelEncoder} needs are resolved; any
 * other global (e.g. {@code posix.system}, {@code builtins.eval}) stops the read before anything is
 * built, so a pickle can neither run code nor create arbitrary objects. Opcodes that resolve classes
 * by other routes (INST, OBJ, persistent ids, the extension registry) are refused outright.
 */
final class JoblibPickle {

    /** Larger arrays than this are not a scaler or label list; refusing them bounds memory. */
    private static final long MAX_ARRAY_ELEMENTS = 10_000_000L;

    private static final Set<String> ESTIMATORS = Set.of(
            "sklearn.preprocessing._data.StandardScaler",
            "sklearn.preprocessing.data.StandardScaler",
            "sklearn.preprocessing._label.LabelEncoder",
            "sklearn.preprocessing.label.LabelEncoder");

    private JoblibPickle() {
    }

    /** A scikit-learn estimator: its class and the attribute dict pickle restored. */
    static final class Estimator implements Stateful {
        final String className;
        Map<?, ?> attributes = Map.of();

        Estimator(String className) {
            this.className = className;
        }

        String simpleName() {
            return className.substring(className.lastIndexOf('.') + 1);
        }

        @Override
        public void setState(Object state) {
            if (!(state instanceof Map<?, ?> map)) {
                throw new PickleException(className + " state is not a dict");
            }
            attributes = map;
        }
    }

    /** A one-dimensional or flattened numpy array; elements are Double, Long, Boolean or String. */
    static final class NdArray implements Stateful {
        long[] shape = new long[0];
        List<Object> values = List.of();

        @Override
        public void setState(Object state) {
            // ndarray.__reduce__ state: (version, shape, dtype, is_fortran, data)
            if (!(state instanceof Object[] tuple) || tuple.length != 5 || !(tuple[2] instanceof DType dtype)) {
                throw new PickleException("unexpected ndarray state");
            }
            shape = toShape(tuple[1]);
            long count = elementCount(shape);
            if (tuple[4] instanceof List<?> objects) {
                values = new ArrayList<>(objects);
            } else if (tuple[4] instanceof byte[] raw) {
                values = dtype.decode(raw, count);
            } else if (tuple[4] instanceof String latin1) {
                values = dtype.decode(latin1.getBytes(StandardCharsets.ISO_8859_1), count);
            } else {
                throw new PickleException("unexpected ndarray data");
            }
            if (values.size() != count) {
                throw new PickleException("ndarray holds " + values.size() + " values for shape " + Arrays.toString(shape));
            }
        }
    }

    /** A numpy dtype such as {@code <f8}, {@code <U9} or {@code |O}. */
    static final class DType implements Stateful {
        final char kind;
        final int itemSize;
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;

        DType(String typeString) {
            if (typeString.isEmpty()) {
                throw new PickleException("empty dtype");
            }
            kind = typeString.charAt(0);
            int size = typeString.length() > 1 ? Integer.parseInt(typeString.substring(1)) : 0;
            itemSize = kind == 'U' ? 4 * size : size;
            if ("fiubUO".indexOf(kind) < 0 || (kind != 'O' && itemSize <= 0)) {
                throw new PickleException("unsupported dtype " + typeString);
            }
        }

        @Override
        public void setState(Object state) {
            // dtype state: (version, byte order char, ...)
            if (state instanceof Object[] tuple && tuple.length > 1 && ">".equals(tuple[1])) {
                order = ByteOrder.BIG_ENDIAN;
            }
        }

        List<Object> decode(byte[] raw, long count) {
            if (kind == 'O') {
                throw new PickleException("object arrays carry no raw bytes");
            }
            if (raw.length != count * itemSize) {
                throw new PickleException("array data has " + raw.length + " bytes, expected " + count * itemSize);
            }
            ByteBuffer buffer = ByteBuffer.wrap(raw).order(order);
            List<Object> out = new ArrayList<>((int) count);
            for (int i = 0; i < count; i++) {
                out.add(element(buffer));
            }
            return out;
        }

        private Object element(ByteBuffer buffer) {
            switch (kind) {
                case 'f':
                    if (itemSize == 8) {
                        return buffer.getDouble();
                    }
                    if (itemSize == 4) {
                        return (double) buffer.getFloat();
                    }
                    break;
                case 'i':
                case 'u':
                    long value = switch (itemSize) {
                        case 1 -> kind == 'i' ? buffer.get() : buffer.get() & 0xFFL;
                        case 2 -> kind == 'i' ? buffer.getShort() : buffer.getShort() & 0xFFFFL;
                        case 4 -> kind == 'i' ? buffer.getInt() : buffer.getInt() & 0xFFFFFFFFL;
                        case 8 -> buffer.getLong();
                        default -> throw new PickleException("unsupported integer size " + itemSize);
                    };
                    return value;
                case 'b':
                    return buffer.get() != 0;
                case 'U':
                    byte[] utf32 = new byte[itemSize];
                    buffer.get(utf32);
                    String text = new String(utf32, Charset.forName(order == ByteOrder.BIG_ENDIAN ? "UTF-32BE" : "UTF-32LE"));
                    int end = text.indexOf('\0');
                    return end < 0 ? text : text.substring(0, end);
                default:
                    break;
            }
            throw new PickleException("unsupported dtype " + kind + itemSize);
        }
    }

    /** joblib's stand-in for an array; the raw bytes follow in the stream right after its BUILD opcode. */
    static final class ArrayWrapper implements Stateful {
        Map<?, ?> state = Map.of();

        @Override
        public void setState(Object state) {
            if (!(state instanceof Map<?, ?> map) || !(map.get("dtype") instanceof DType)) {
                throw new PickleException("unexpected NumpyArrayWrapper state");
            }
            this.state = map;
        }

        NdArray readArray(InputStream in) throws IOException {
            DType dtype = (DType) state.get("dtype");
            if (dtype.kind == 'O') {
                // joblib pickles object arrays with a nested pickle.dump into the same stream.
                Object nested = new SafeUnpickler().load(in);
                if (!(nested instanceof NdArray array)) {
                    throw new PickleException("object array wrapper holds no array");
                }
                return array;
            }
            if (state.get("numpy_array_alignment_bytes") instanceof Number) {
                int padding = in.read();
                if (padding < 0) {
                    throw new PickleException("truncated array padding");
                }
                in.skipNBytes(padding);
            }
            NdArray array = new NdArray();
            array.shape = toShape(state.get("shape"));
            long count = elementCount(array.shape);
            long bytes = count * dtype.itemSize;
            if (bytes > Integer.MAX_VALUE - 8) {
                throw new PickleException("array of " + bytes + " bytes is too large");
            }
            byte[] raw = in.readNBytes((int) bytes);
            array.values = dtype.decode(raw, count);
            return array;
        }
    }

    /** Pickle objects whose BUILD opcode this reader honours. */
    interface Stateful {
        void setState(Object state);
    }

    /** A global the reader refuses to resolve. */
    static final class RefusedGlobal extends PickleException {
        RefusedGlobal(String what) {
            super(what);
        }
    }

    /** Reads one pickled object; unreadable input is reported with {@code invalid} as the error code. */
    static Object read(byte[] bytes, String file, ModelException.Code invalid) throws ModelException {
        try (InputStream in = decompressed(bytes, file, invalid)) {
            return new SafeUnpickler().load(in);
        } catch (RefusedGlobal refused) {
            throw new ModelException(ModelException.Code.UNSAFE_PICKLE, file,
                    "the pickle references " + refused.getMessage()
                            + ", which is not a numpy or scikit-learn StandardScaler/LabelEncoder object",
                    "only load pickles you produced yourself; re-dump the fitted object with joblib.dump");
        } catch (IOException | RuntimeException e) {
            throw new ModelException(invalid, file, "not a readable joblib pickle: " + e.getMessage(),
                    "write it with joblib.dump(obj, path) using pickle protocol 2 to 5");
        }
    }

    private static InputStream decompressed(byte[] bytes, String file, ModelException.Code invalid)
            throws IOException, ModelException {
        InputStream raw = new ByteArrayInputStream(bytes);
        if (startsWith(bytes, 0x78)) {
            return new InflaterInputStream(raw);
        }
        if (startsWith(bytes, 0x1f, 0x8b)) {
            return new GZIPInputStream(raw);
        }
        String other = startsWith(bytes, 'B', 'Z', 'h') ? "bz2"
                : startsWith(bytes, 0xfd, '7', 'z', 'X', 'Z') ? "xz"
                : startsWith(bytes, 0x5d, 0x00, 0x00) ? "lzma"
                : startsWith(bytes, 0x04, 0x22, 0x4d, 0x18) ? "lz4"
                : startsWith(bytes, 'Z', 'F') ? "the pre-0.10 joblib zlib"
                : null;
        if (other != null) {
            throw new ModelException(invalid, file, "compressed with " + other + " format, which emolake does not read",
                    "re-dump with joblib.dump(obj, path, compress=3) for zlib or compress=0");
        }
        return raw;
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static long[] toShape(Object tuple) {
        if (!(tuple instanceof Object[] dims)) {
            throw new PickleException("array shape is not a tuple");
        }
        long[] shape = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            if (!(dims[i] instanceof Number n) || n.longValue() < 0) {
                throw new PickleException("bad array dimension " + dims[i]);
            }
            shape[i] = n.longValue();
        }
        return shape;
    }

    private static long elementCount(long[] shape) {
        long count = 1;
        for (long dim : shape) {
            count *= dim;
            if (count > MAX_ARRAY_ELEMENTS) {
                throw new PickleException("array of shape " + Arrays.toString(shape) + " is too large");
            }
        }
        return count;
    }

    /** An unpickler whose only way to reach a Python global is the whitelist below. */
    static final class SafeUnpickler extends Unpickler {
        private static final short BUILD = 'b';
        private static final short GLOBAL = 'c';
        private static final short INST = 'i';
        private static final short OBJ = 'o';
        private static final short PERSID = 'P';
        private static final short BINPERSID = 'Q';
        private static final short EXT1 = 0x82;
        private static final short EXT2 = 0x83;
        private static final short EXT4 = 0x84;
        private static final short STACK_GLOBAL = 0x93;
        private static final short NEXT_BUFFER = 0x97;
        private static final short READONLY_BUFFER = 0x98;

        @Override
        protected Object dispatch(short key) throws IOException {
            switch (key) {
                case GLOBAL -> {
                    String module = PickleUtils.readline(input);
                    String name = PickleUtils.readline(input);
                    stack.add(resolve(module, name));
                }
                case STACK_GLOBAL -> {
                    Object name = stack.pop();
                    Object module = stack.pop();
                    stack.add(resolve(String.valueOf(module), String.valueOf(name)));
                }
                case BUILD -> build();
                case INST, OBJ -> throw new RefusedGlobal("a class through the INST/OBJ opcode");
                case PERSID, BINPERSID -> throw new RefusedGlobal("a persistent id");
                case EXT1, EXT2, EXT4 -> throw new RefusedGlobal("the copyreg extension registry");
                case NEXT_BUFFER, READONLY_BUFFER -> throw new RefusedGlobal("an out-of-band buffer");
                default -> {
                    return super.dispatch(key);
                }
            }
            return NO_RETURN_VALUE;
        }

        private void build() throws IOException {
            Object state = stack.pop();
            Object target = stack.peek();
            if (!(target instanceof Stateful stateful)) {
                throw new RefusedGlobal("BUILD on a " + (target == null ? "None" : target.getClass().getSimpleName()));
            }
            stateful.setState(state);
            if (target instanceof ArrayWrapper wrapper) {
                stack.pop();
                stack.add(wrapper.readArray(input));
            }
        }

        private static IObjectConstructor resolve(String module, String name) {
            String qualified = module + "." + name;
            if (ESTIMATORS.contains(qualified)) {
                return args -> new Estimator(qualified);
            }
            switch (qualified) {
                case "joblib.numpy_pickle.NumpyArrayWrapper",
                        "sklearn.externals.joblib.numpy_pickle.NumpyArrayWrapper":
                    return args -> new ArrayWrapper();
                case "numpy.ndarray":
                    return args -> {
                        throw new RefusedGlobal("numpy.ndarray called directly");
                    };
                case "numpy.dtype":
                    return args -> new DType(String.valueOf(args[0]));
                case "numpy.core.multiarray._reconstruct", "numpy._core.multiarray._reconstruct":
                    return args -> new NdArray();
                case "numpy.core.multiarray.scalar", "numpy._core.multiarray.scalar":
                    return JoblibPickle::numpyScalar;
                case "_codecs.encode":
                    return JoblibPickle::latin1Encode;
                default:
                    throw new RefusedGlobal(qualified);
            }
        }
    }

    private static Object numpyScalar(Object[] args) {
        if (args.length != 2 || !(args[0] instanceof DType dtype) || !(args[1] instanceof byte[] raw)) {
            throw new PickleException("unexpected numpy scalar arguments");
        }
        return dtype.decode(raw, 1).get(0);
    }

    /** Protocol 2 writes bytes as {@code _codecs.encode(text, 'latin1')}; nothing else is accepted. */
    private static Object latin1Encode(Object[] args) {
        if (args.length != 2 || !(args[0] instanceof String text) || !"latin1".equals(args[1])) {
            throw new RefusedGlobal("_codecs.encode with arguments other than (str, 'latin1')");
        }
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
