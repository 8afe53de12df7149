package org.emolake.features;

import java.util.Arrays;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * One octave of {@link Cqt}: its sparse complex64 filter basis, rows in CSR order (ascending FFT bins), the spectra
 * of the octave's frames it reads ({@link BandSpectra}) and the product of the two.
 */
final class CqtOctaveBasis {
    static final int N_FFT = 1024;
    /** {@code sparsify_rows(quantile=0.01)}: the share of each row's L1 norm dropped. */
    private static final double SPARSITY = 0.01;
    /**
     * Octaves whose hop is at most this (frames overlapping 8 times or more) get their spectra by the sliding DFT
     * ({@link BandSpectra}); measured faster than an FFT per frame from here down (docs/PERFORMANCE.md).
     */
    private static final int SLIDING_MAX_HOP = 128;

    final int firstBin;
    final double sampleRate;
    final double[] lengths;
    final int[] rowStart;
    final int[] columns;
    final float[] re;
    final float[] im;
    /** The lowest and highest FFT bins any row reads ({@code lastColumn < firstColumn} if none). */
    final int firstColumn;
    final int lastColumn;
    /** The spectra bins the basis reads, of this octave's frames (null if it reads none). */
    final BandSpectra spectra;

    /** The basis of one octave from its CSR arrays, computed by {@link #compute} or read by {@link CqtBasisTable}. */
    CqtOctaveBasis(int fromTop, int firstBin, double sampleRate, double[] lengths, int[] rowStart, int[] columns,
            float[] re, float[] im) {
        this.firstBin = firstBin;
        this.sampleRate = sampleRate;
        this.lengths = lengths;
        this.rowStart = rowStart;
        this.columns = columns;
        this.re = re;
        this.im = im;
        int bins = N_FFT / 2 + 1;
        int lowest = bins;
        int highest = -1;
        for (int c : columns) {
            lowest = Math.min(lowest, c);
            highest = Math.max(highest, c);
        }
        firstColumn = highest < 0 ? 0 : lowest;
        lastColumn = highest;
        int hop = Cqt.HOP_LENGTH >> fromTop;
        spectra = highest < 0 ? null
                : BandSpectra.shared(N_FFT, hop, firstColumn, lastColumn, hop <= SLIDING_MAX_HOP);
    }

    /** {@code filters.wavelet_lengths} of the octave starting at {@code firstBin}. */
    static double[] octaveLengths(int firstBin, double[] allFreqs, double[] allAlpha, double sampleRate) {
        return Cqt.waveletLengths(Arrays.copyOfRange(allFreqs, firstBin, firstBin + Cqt.BINS_PER_OCTAVE),
                Arrays.copyOfRange(allAlpha, firstBin, firstBin + Cqt.BINS_PER_OCTAVE), sampleRate);
    }

    /** librosa's way: each row's wavelet, its FFT, {@code sparsify_rows}, scaled for the octave's sample rate. */
    static CqtOctaveBasis compute(int fromTop, int firstBin, double[] allFreqs, double[] allAlpha, double sampleRate) {
        DoubleFFT_1D fft = new DoubleFFT_1D(N_FFT);
        double[] freqs = Arrays.copyOfRange(allFreqs, firstBin, firstBin + Cqt.BINS_PER_OCTAVE);
        double[] lengths = octaveLengths(firstBin, allFreqs, allAlpha, sampleRate);
        double maxLength = 0;
        for (double length : lengths) {
            maxLength = Math.max(maxLength, length);
        }
        int nFft = 1 << (int) Math.ceil(Math.log(maxLength) / Math.log(2.0));
        if (nFft != N_FFT) {
            throw new IllegalStateException("CQT octave basis needs n_fft " + nFft + ", expected " + N_FFT);
        }
        float octaveScale = (float) Math.sqrt(Cqt.SAMPLE_RATE / sampleRate);
        int bins = N_FFT / 2 + 1;
        int[] rowStart = new int[Cqt.BINS_PER_OCTAVE + 1];
        int[] cols = new int[Cqt.BINS_PER_OCTAVE * bins];
        float[] valuesRe = new float[cols.length];
        float[] valuesIm = new float[cols.length];
        int count = 0;
        double[] row = new double[2 * N_FFT];
        double[] mags = new double[bins];
        double[] sorted = new double[bins];
        for (int r = 0; r < Cqt.BINS_PER_OCTAVE; r++) {
            waveletRow(freqs[r], lengths[r], sampleRate, row);
            fft.complexForward(row);
            double norm = 0;
            for (int k = 0; k < bins; k++) {
                mags[k] = Math.hypot(row[2 * k], row[2 * k + 1]);
                norm += mags[k];
            }
            double threshold = sparsityThreshold(mags, norm, sorted);
            rowStart[r] = count;
            for (int k = 0; k < bins; k++) {
                if (mags[k] >= threshold) {
                    cols[count] = k;
                    valuesRe[count] = (float) row[2 * k] * octaveScale;
                    valuesIm[count] = (float) row[2 * k + 1] * octaveScale;
                    count++;
                }
            }
        }
        rowStart[Cqt.BINS_PER_OCTAVE] = count;
        return new CqtOctaveBasis(fromTop, firstBin, sampleRate, lengths, rowStart, Arrays.copyOf(cols, count),
                Arrays.copyOf(valuesRe, count), Arrays.copyOf(valuesIm, count));
    }

    /**
     * {@code filters.wavelet} for one frequency, centred in {@code N_FFT} samples and cast to complex64, then
     * scaled by {@code length / n_fft} into complex64: interleaved into {@code out}.
     */
    private static void waveletRow(double freq, double length, double sampleRate, double[] out) {
        Arrays.fill(out, 0.0);
        long start = (long) Math.floor(-length / 2);
        long stop = (long) Math.floor(length / 2);
        int n = (int) (stop - start);
        double[] window = Windows.periodicHann(n);
        double[] sigRe = new double[n];
        double[] sigIm = new double[n];
        double l1 = 0;
        for (int k = 0; k < n; k++) {
            double angle = (start + k) * 2 * Math.PI * freq / sampleRate;
            sigRe[k] = Math.cos(angle) * window[k];
            sigIm[k] = Math.sin(angle) * window[k];
            l1 += Math.hypot(sigRe[k], sigIm[k]);
        }
        if (l1 < Double.MIN_NORMAL) {
            l1 = 1.0;
        }
        double scale = length / N_FFT;
        int pad = (N_FFT - n) / 2;
        for (int k = 0; k < n; k++) {
            float fr = (float) (sigRe[k] / l1);
            float fi = (float) (sigIm[k] / l1);
            out[2 * (pad + k)] = (float) (fr * scale);
            out[2 * (pad + k) + 1] = (float) (fi * scale);
        }
    }

    /**
     * {@code util.sparsify_rows} threshold: the smallest magnitude kept, the first sorted magnitude at which the
     * cumulative share of the row's L1 norm reaches the quantile.
     */
    private static double sparsityThreshold(double[] mags, double norm, double[] sorted) {
        System.arraycopy(mags, 0, sorted, 0, mags.length);
        NonNegativeSort.sort(sorted);
        double cumulative = 0;
        for (double mag : sorted) {
            cumulative += mag / norm;
            if (!(cumulative < SPARSITY)) {
                return mag;
            }
        }
        return sorted[0];
    }

    /**
     * Basis times spectra ({@link #spectra}): per row and frame a complex64 accumulation over the row's entries in
     * CSR order, as scipy's sparse product, divided by {@code sqrt(lengths)} and made a magnitude: {@code np.abs(C)}
     * of this octave's bins into {@code out[frame * Cqt.N_BINS + bin]}. The frames of a row are accumulated side by
     * side (each frame's sum in the same order), so the JIT vectorises the loop over frames; each FFT bin's frames
     * are an array of their own because C2 of JDK 17 does not vectorise a loop that stores into one float array
     * while reading another at an offset (they might be the same array).
     */
    void respond(float[][] spectraRe, float[][] spectraIm, int frames, double[] sqrtLengths, float[] accRe,
            float[] accIm, float[] magnitude, float[] out) {
        for (int r = 0; r < Cqt.BINS_PER_OCTAVE; r++) {
            Arrays.fill(accRe, 0, frames, 0f);
            Arrays.fill(accIm, 0, frames, 0f);
            for (int j = rowStart[r]; j < rowStart[r + 1]; j++) {
                float[] binRe = spectraRe[columns[j] - firstColumn];
                float[] binIm = spectraIm[columns[j] - firstColumn];
                float br = re[j];
                float bi = im[j];
                for (int t = 0; t < frames; t++) {
                    float sr = binRe[t];
                    float si = binIm[t];
                    accRe[t] += br * sr - bi * si;
                    accIm[t] += br * si + bi * sr;
                }
            }
            int bin = firstBin + r;
            double scale = sqrtLengths[bin];
            for (int t = 0; t < frames; t++) {
                accRe[t] = (float) (accRe[t] / scale);
                accIm[t] = (float) (accIm[t] / scale);
            }
            ComplexAbs.of(accRe, accIm, magnitude, frames);
            for (int t = 0; t < frames; t++) {
                out[t * Cqt.N_BINS + bin] = magnitude[t];
            }
        }
    }
}
