package org.emolake.features;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CQT octave bases of the 100 tunings {@link PitchTuning} can return, computed at build time by {@link #main}
 * (Maven's {@code process-classes} phase) into class-path resources, so that a run reads a tuning's bases (~50 KB)
 * instead of building them: 252 wavelets, their FFTs and sparsification cost ~10 ms per tuning once compiled and
 * several times that in a JVM's first seconds, and a run meets most tunings in its first few hundred clips.
 *
 * <p>{@link CqtOctaveBasis#compute} stays the one definition: the table is its output, written bit for bit, and
 * {@code CqtBasisTableTest} holds every stored basis equal to a fresh computation. Any other tuning, or a class path
 * without the resources (classes compiled by an IDE), falls back to computing.
 */
public final class CqtBasisTable {
    private static final int MAGIC = 0x43515442; // "CQTB"
    private static final int FORMAT = 1;
    private static final String FOLDER = "cqt-bases";

    private CqtBasisTable() {
    }

    /** The stored bases of {@code tuning}, or null when the table does not hold it. */
    static CqtOctaveBasis[] read(double tuning, double[] frequencies, double[] alpha) {
        int index = edgeIndex(tuning);
        if (index < 0) {
            return null;
        }
        byte[] bytes;
        try (InputStream in = CqtBasisTable.class.getResourceAsStream(resourceName(index))) {
            if (in == null) {
                return null;
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the CQT basis table " + resourceName(index), e);
        }
        return decode(bytes, tuning, frequencies, alpha, resourceName(index));
    }

    /** The bases {@link #encode} wrote for {@code tuning}; {@code frequencies} and {@code alpha} are the CQT's. */
    static CqtOctaveBasis[] decode(byte[] bytes, double tuning, double[] frequencies, double[] alpha, String name) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (buffer.getInt() != MAGIC || buffer.getInt() != FORMAT
                || buffer.getLong() != Double.doubleToRawLongBits(tuning)) {
            throw new IllegalStateException("CQT basis table " + name + " is not tuning " + tuning
                    + "'s (rebuild with mvn package)");
        }
        CqtOctaveBasis[] octaves = new CqtOctaveBasis[Cqt.N_OCTAVES];
        for (int i = 0; i < Cqt.N_OCTAVES; i++) {
            int count = buffer.getInt();
            int[] rowStart = new int[Cqt.BINS_PER_OCTAVE + 1];
            buffer.asIntBuffer().get(rowStart);
            buffer.position(buffer.position() + 4 * rowStart.length);
            int[] columns = new int[count];
            buffer.asIntBuffer().get(columns);
            buffer.position(buffer.position() + 4 * count);
            float[] re = new float[count];
            buffer.asFloatBuffer().get(re);
            buffer.position(buffer.position() + 4 * count);
            float[] im = new float[count];
            buffer.asFloatBuffer().get(im);
            buffer.position(buffer.position() + 4 * count);
            int firstBin = Cqt.octaveFirstBin(i);
            double sampleRate = Cqt.octaveSampleRate(i);
            octaves[i] = new CqtOctaveBasis(i, firstBin, sampleRate,
                    CqtOctaveBasis.octaveLengths(firstBin, frequencies, alpha, sampleRate), rowStart, columns, re, im);
        }
        return octaves;
    }

    /** Writes the table of every tuning into the class folder {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args[0]).resolve(CqtBasisTable.class.getPackageName().replace('.', '/')).resolve(FOLDER);
        Files.createDirectories(folder);
        long total = 0;
        for (int index = 0; index < PitchTuning.HISTOGRAM_BINS; index++) {
            byte[] bytes = encode(Cqt.computed(PitchTuning.edge(index)));
            Files.write(folder.resolve(fileName(index)), bytes);
            total += bytes.length;
        }
        System.out.printf("CQT basis table: %d tunings, %d bytes, in %s%n", PitchTuning.HISTOGRAM_BINS, total, folder);
    }

    static byte[] encode(Cqt cqt) {
        int size = 16;
        for (int i = 0; i < Cqt.N_OCTAVES; i++) {
            size += 4 + 4 * (Cqt.BINS_PER_OCTAVE + 1) + 12 * cqt.octave(i).columns.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        buffer.putInt(MAGIC).putInt(FORMAT).putLong(Double.doubleToRawLongBits(cqt.tuning()));
        for (int i = 0; i < Cqt.N_OCTAVES; i++) {
            CqtOctaveBasis octave = cqt.octave(i);
            buffer.putInt(octave.columns.length);
            for (int start : octave.rowStart) {
                buffer.putInt(start);
            }
            for (int column : octave.columns) {
                buffer.putInt(column);
            }
            for (float value : octave.re) {
                buffer.putFloat(value);
            }
            for (float value : octave.im) {
                buffer.putFloat(value);
            }
        }
        return buffer.array();
    }

    /** The index of the histogram edge whose bits equal {@code tuning}, or -1. */
    static int edgeIndex(double tuning) {
        long bits = Double.doubleToRawLongBits(tuning);
        for (int index = 0; index < PitchTuning.HISTOGRAM_BINS; index++) {
            if (Double.doubleToRawLongBits(PitchTuning.edge(index)) == bits) {
                return index;
            }
        }
        return -1;
    }

    private static String fileName(int index) {
        return String.format(java.util.Locale.ROOT, "tuning-%02d.bin", index);
    }

    private static String resourceName(int index) {
        return FOLDER + "/" + fileName(index);
    }
}
