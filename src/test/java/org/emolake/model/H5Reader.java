package org.emolake.model;

import java.util.ArrayList;
import java.util.List;

import org.bytedeco.hdf5.AbstractDs;
import org.bytedeco.hdf5.Attribute;
import org.bytedeco.hdf5.DataSet;
import org.bytedeco.hdf5.DataSpace;
import org.bytedeco.hdf5.DataType;
import org.bytedeco.hdf5.H5File;
import org.bytedeco.hdf5.H5Object;
import org.bytedeco.hdf5.PredType;
import org.bytedeco.hdf5.StrType;
import org.bytedeco.hdf5.global.hdf5;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.PointerPointer;

/** A small read-only view of an HDF5 file through the bytedeco HDF5 C++ API (not DL4J's Hdf5Archive). */
final class H5Reader implements AutoCloseable {
    final H5File file;

    H5Reader(java.nio.file.Path path) {
        Loader.load(hdf5.class);
        file = new H5File(path.toString(), hdf5.H5F_ACC_RDONLY);
    }

    /** What an attribute is: "vlen-string/<cset>[n]" or "float<bits>[n]", n = -1 for a scalar. */
    static String kind(H5Object object, String name) {
        Attribute attribute = object.openAttribute(name);
        try {
            return kind(attribute);
        } finally {
            attribute.close();
        }
    }

    static String kind(AbstractDs ds) {
        DataSpace space = ds.getSpace();
        int rank = space.getSimpleExtentNdims();
        long n = rank == 0 ? -1 : space.getSimpleExtentNpoints();
        space.close();
        int typeClass = ds.getTypeClass();
        if (typeClass == hdf5.H5T_STRING) {
            StrType type = ds.getStrType();
            String kind = (type.isVariableStr() ? "vlen-string/" : "fixed-string/")
                    + (type.getCset() == hdf5.H5T_CSET_UTF8 ? "utf8" : "ascii");
            type.close();
            return kind + "[" + n + "]";
        }
        if (typeClass == hdf5.H5T_FLOAT) {
            DataType type = ds.getDataType();
            String kind = "float" + (8 * type.getSize());
            type.close();
            return kind + "[" + n + "]";
        }
        return "class" + typeClass + "[" + n + "]";
    }

    /** A variable-length string attribute, scalar or 1-D, as a list. */
    static List<String> strings(H5Object object, String name) {
        Attribute attribute = object.openAttribute(name);
        DataSpace space = attribute.getSpace();
        int n = (int) space.getSimpleExtentNpoints();
        StrType type = new StrType(PredType.C_S1(), hdf5.H5T_VARIABLE());
        StrType stored = attribute.getStrType();
        type.setCset(stored.getCset()); // HDF5 does not convert between ASCII and UTF-8
        stored.close();
        PointerPointer<BytePointer> pointers = new PointerPointer<>(n);
        try {
            attribute.read(type, pointers);
            List<String> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(pointers.getString(i));
            }
            return out;
        } finally {
            pointers.close();
            type.close();
            space.close();
            attribute.close();
        }
    }

    static long[] dims(DataSet dataset) {
        DataSpace space = dataset.getSpace();
        long[] dims = new long[space.getSimpleExtentNdims()];
        space.getSimpleExtentDims(dims);
        space.close();
        return dims;
    }

    static float[] floats(DataSet dataset) {
        DataSpace space = dataset.getSpace();
        int n = (int) space.getSimpleExtentNpoints();
        space.close();
        FloatPointer data = new FloatPointer(n);
        // closed here, not left to JavaCPP's deallocator thread (see KerasH5Writer)
        DataType memoryType = new DataType(PredType.NATIVE_FLOAT());
        dataset.read(data, memoryType);
        memoryType.close();
        float[] out = new float[n];
        data.get(out);
        data.close();
        return out;
    }

    @Override
    public void close() {
        file.close();
    }
}
