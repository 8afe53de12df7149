package org.emolake.features;

/**
 * {@code scipy.fftpack.dct(x, type=2, norm='ortho')} of float32 vectors, rounded as scipy rounds them.
 *
 * <p>scipy computes a float32 DCT-II in float32 with pocketfft: the input is folded into a half-complex sequence, run
 * through pocketfft's backward real FFT (radix-2 and radix-4 FFTPACK passes, twiddles computed in float64 and rounded
 * to float32) scaled by {@code 1/sqrt(2N)}, then unfolded with a second table of cosines. This class performs the
 * same float32 operations in the same order (a re-implementation of that algorithm after pocketfft, BSD-3-Clause,
 * Max-Planck-Society / Peter Bell), so that MFCCs agree with librosa's to the bit instead of to ~1e-5: an exact
 * float64 basis differs from scipy's float32 result by up to a few float32 ulps of the largest input.
 *
 * <p>Only power-of-two lengths are supported (those pocketfft factors as 2 × 4 × … × 4, or 4 × … × 4); others are
 * refused. Immutable and thread-safe; each call uses its own buffers.
 */
final class OrthoDct2 {
    private static final float SQRT2 = (float) 1.414213562373095048801688724209698;

    private final int n;
    /** pocketfft's factors, in the order its backward transform applies them. */
    private final int[] factors;
    /** Twiddles per factor, laid out as pocketfft's {@code rfftp::comp_twiddle} stores them. */
    private final float[][] twiddles;
    /** {@code T_dcst23} twiddle: {@code cos(2π (i+1) / 4N)} as float32. */
    private final float[] dctTwiddle;
    private final float fct;

    OrthoDct2(int n) {
        if (n < 2 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("Cannot build DCT-II: length must be a power of two >= 2 (" + n + ")");
        }
        this.n = n;
        this.factors = factorize(n);
        this.twiddles = computeTwiddles(n, factors);
        SinCos2PiByN tw = new SinCos2PiByN(4 * n);
        this.dctTwiddle = new float[n];
        for (int i = 0; i < n; i++) {
            dctTwiddle[i] = tw.re(i + 1);
        }
        // scipy: norm_fct(inorm=2, N=2n) = 1 / sqrt(2n); exact for powers of two of even exponent, rounded otherwise
        this.fct = (float) (1.0 / Math.sqrt(2.0 * n));
    }

    int length() {
        return n;
    }

    /** In-place DCT-II (ortho) of {@code c}; {@code ch} is scratch of the same length. */
    void exec(float[] c, float[] ch) {
        int nn = n;
        int ns2 = (nn + 1) / 2;
        // T_dcst23::exec, type 2, cosine
        c[0] *= 2;
        if ((nn & 1) == 0) {
            c[nn - 1] *= 2;
        }
        for (int k = 1; k < nn - 1; k += 2) {
            // MPINPLACE(c[k+1], c[k]): t = a; a -= b; b = t + b
            float t = c[k + 1];
            c[k + 1] = t - c[k];
            c[k] = t + c[k];
        }
        backwardRealFft(c, ch);
        for (int k = 1, kc = nn - 1; k < ns2; ++k, --kc) {
            float t1 = dctTwiddle[k - 1] * c[kc] + dctTwiddle[kc - 1] * c[k];
            float t2 = dctTwiddle[k - 1] * c[k] - dctTwiddle[kc - 1] * c[kc];
            c[k] = 0.5f * (t1 + t2);
            c[kc] = 0.5f * (t1 - t2);
        }
        if ((nn & 1) == 0) {
            c[ns2] *= dctTwiddle[ns2 - 1];
        }
        c[0] *= SQRT2 * 0.5f;
    }

    /** {@code rfftp::exec(c, fct, r2hc=false)}: FFTPACK backward passes, then the scaling by {@code fct}. */
    private void backwardRealFft(float[] c, float[] ch) {
        float[] p1 = c;
        float[] p2 = ch;
        int l1 = 1;
        for (int k = 0; k < factors.length; k++) {
            int ip = factors[k];
            int ido = n / (ip * l1);
            if (ip == 4) {
                radb4(ido, l1, p1, p2, twiddles[k]);
            } else {
                radb2(ido, l1, p1, p2, twiddles[k]);
            }
            float[] tmp = p1;
            p1 = p2;
            p2 = tmp;
            l1 *= ip;
        }
        if (p1 != c) {
            for (int i = 0; i < n; i++) {
                c[i] = fct * p1[i];
            }
        } else {
            for (int i = 0; i < n; i++) {
                c[i] *= fct;
            }
        }
    }

    private static void radb2(int ido, int l1, float[] cc, float[] ch, float[] wa) {
        // CC(a,b,c) = cc[a + ido*(b + 2*c)], CH(a,b,c) = ch[a + ido*(b + l1*c)], WA(x,i) = wa[i + x*(ido-1)]
        for (int k = 0; k < l1; k++) {
            float a = cc[ido * (2 * k)];
            float b = cc[ido - 1 + ido * (1 + 2 * k)];
            ch[ido * k] = a + b;
            ch[ido * (k + l1)] = a - b;
        }
        if ((ido & 1) == 0) {
            for (int k = 0; k < l1; k++) {
                ch[ido - 1 + ido * k] = 2 * cc[ido - 1 + ido * (2 * k)];
                ch[ido - 1 + ido * (k + l1)] = -2 * cc[ido * (1 + 2 * k)];
            }
        }
        if (ido <= 2) {
            return;
        }
        for (int k = 0; k < l1; k++) {
            for (int i = 2; i < ido; i += 2) {
                int ic = ido - i;
                float a = cc[i - 1 + ido * (2 * k)];
                float b = cc[ic - 1 + ido * (1 + 2 * k)];
                ch[i - 1 + ido * k] = a + b;
                float tr2 = a - b;
                float c0 = cc[i + ido * (2 * k)];
                float d0 = cc[ic + ido * (1 + 2 * k)];
                float ti2 = c0 + d0;
                ch[i + ido * k] = c0 - d0;
                // MULPM(CH(i,k,1), CH(i-1,k,1), WA(0,i-2), WA(0,i-1), ti2, tr2)
                float w0 = wa[i - 2];
                float w1 = wa[i - 1];
                ch[i + ido * (k + l1)] = w0 * ti2 + w1 * tr2;
                ch[i - 1 + ido * (k + l1)] = w0 * tr2 - w1 * ti2;
            }
        }
    }

    private static void radb4(int ido, int l1, float[] cc, float[] ch, float[] wa) {
        // CC(a,b,c) = cc[a + ido*(b + 4*c)], CH(a,b,c) = ch[a + ido*(b + l1*c)]
        for (int k = 0; k < l1; k++) {
            float c00 = cc[ido * (4 * k)];
            float c3 = cc[ido - 1 + ido * (3 + 4 * k)];
            float tr2 = c00 + c3;
            float tr1 = c00 - c3;
            float tr3 = 2 * cc[ido - 1 + ido * (1 + 4 * k)];
            float tr4 = 2 * cc[ido * (2 + 4 * k)];
            ch[ido * k] = tr2 + tr3;
            ch[ido * (k + 2 * l1)] = tr2 - tr3;
            ch[ido * (k + 3 * l1)] = tr1 + tr4;
            ch[ido * (k + l1)] = tr1 - tr4;
        }
        if ((ido & 1) == 0) {
            for (int k = 0; k < l1; k++) {
                float a = cc[ido * (3 + 4 * k)];
                float b = cc[ido * (1 + 4 * k)];
                float ti1 = a + b;
                float ti2 = a - b;
                float c0 = cc[ido - 1 + ido * (4 * k)];
                float d0 = cc[ido - 1 + ido * (2 + 4 * k)];
                float tr2 = c0 + d0;
                float tr1 = c0 - d0;
                ch[ido - 1 + ido * k] = tr2 + tr2;
                ch[ido - 1 + ido * (k + l1)] = SQRT2 * (tr1 - ti1);
                ch[ido - 1 + ido * (k + 2 * l1)] = ti2 + ti2;
                ch[ido - 1 + ido * (k + 3 * l1)] = -SQRT2 * (tr1 + ti1);
            }
        }
        if (ido <= 2) {
            return;
        }
        int w1 = 0;
        int w2 = ido - 1;
        int w3 = 2 * (ido - 1);
        for (int k = 0; k < l1; k++) {
            for (int i = 2; i < ido; i += 2) {
                int ic = ido - i;
                float tr2 = cc[i - 1 + ido * (4 * k)] + cc[ic - 1 + ido * (3 + 4 * k)];
                float tr1 = cc[i - 1 + ido * (4 * k)] - cc[ic - 1 + ido * (3 + 4 * k)];
                float ti1 = cc[i + ido * (4 * k)] + cc[ic + ido * (3 + 4 * k)];
                float ti2 = cc[i + ido * (4 * k)] - cc[ic + ido * (3 + 4 * k)];
                float tr4 = cc[i + ido * (2 + 4 * k)] + cc[ic + ido * (1 + 4 * k)];
                float ti3 = cc[i + ido * (2 + 4 * k)] - cc[ic + ido * (1 + 4 * k)];
                float tr3 = cc[i - 1 + ido * (2 + 4 * k)] + cc[ic - 1 + ido * (1 + 4 * k)];
                float ti4 = cc[i - 1 + ido * (2 + 4 * k)] - cc[ic - 1 + ido * (1 + 4 * k)];
                ch[i - 1 + ido * k] = tr2 + tr3;
                float cr3 = tr2 - tr3;
                ch[i + ido * k] = ti2 + ti3;
                float ci3 = ti2 - ti3;
                float cr4 = tr1 + tr4;
                float cr2 = tr1 - tr4;
                float ci2 = ti1 + ti4;
                float ci4 = ti1 - ti4;
                // MULPM(a, b, c, d, e, f): a = c*e + d*f; b = c*f - d*e
                ch[i + ido * (k + l1)] = wa[w1 + i - 2] * ci2 + wa[w1 + i - 1] * cr2;
                ch[i - 1 + ido * (k + l1)] = wa[w1 + i - 2] * cr2 - wa[w1 + i - 1] * ci2;
                ch[i + ido * (k + 2 * l1)] = wa[w2 + i - 2] * ci3 + wa[w2 + i - 1] * cr3;
                ch[i - 1 + ido * (k + 2 * l1)] = wa[w2 + i - 2] * cr3 - wa[w2 + i - 1] * ci3;
                ch[i + ido * (k + 3 * l1)] = wa[w3 + i - 2] * ci4 + wa[w3 + i - 1] * cr4;
                ch[i - 1 + ido * (k + 3 * l1)] = wa[w3 + i - 2] * cr4 - wa[w3 + i - 1] * ci4;
            }
        }
    }

    /** {@code rfftp::factorize}: 4s first, a single 2 moved to the front. */
    private static int[] factorize(int n) {
        java.util.List<Integer> f = new java.util.ArrayList<>();
        int len = n;
        while (len % 4 == 0) {
            f.add(4);
            len >>= 2;
        }
        if (len % 2 == 0) {
            len >>= 1;
            f.add(2);
            int last = f.size() - 1;
            int tmp = f.get(0);
            f.set(0, f.get(last));
            f.set(last, tmp);
        }
        if (len != 1) {
            throw new IllegalStateException("not a power of two: " + n);
        }
        return f.stream().mapToInt(Integer::intValue).toArray();
    }

    /** {@code rfftp::comp_twiddle} for factors 2 and 4 (no extra tables). */
    private static float[][] computeTwiddles(int n, int[] factors) {
        SinCos2PiByN twid = new SinCos2PiByN(n);
        float[][] out = new float[factors.length][];
        int l1 = 1;
        for (int k = 0; k < factors.length; k++) {
            int ip = factors[k];
            int ido = n / (l1 * ip);
            if (k < factors.length - 1) {
                float[] tw = new float[Math.max(0, (ip - 1) * (ido - 1))];
                for (int j = 1; j < ip; j++) {
                    for (int i = 1; i <= (ido - 1) / 2; i++) {
                        tw[(j - 1) * (ido - 1) + 2 * i - 2] = twid.re(j * l1 * i);
                        tw[(j - 1) * (ido - 1) + 2 * i - 1] = twid.im(j * l1 * i);
                    }
                }
                out[k] = tw;
            } else {
                out[k] = new float[0];
            }
            l1 *= ip;
        }
        return out;
    }

    /**
     * pocketfft's {@code sincos_2pibyn<float>}: {@code exp(2πi k / n)} from two float64 tables (octant-reduced
     * {@code cos}/{@code sin}), multiplied in float64 and rounded to float32.
     */
    static final class SinCos2PiByN {
        private final int n;
        private final int mask;
        private final int shift;
        private final double[] v1r;
        private final double[] v1i;
        private final double[] v2r;
        private final double[] v2i;

        SinCos2PiByN(int n) {
            this.n = n;
            // Thigh(0.25L * pi / n): exact scaling of pi for powers of two, so the float64 pi serves
            double ang = 0.25 * Math.PI / n;
            int nval = (n + 2) / 2;
            int s = 1;
            while ((1L << s) * (1L << s) < nval) {
                ++s;
            }
            this.shift = s;
            this.mask = (1 << s) - 1;
            int size1 = mask + 1;
            v1r = new double[size1];
            v1i = new double[size1];
            v1r[0] = 1;
            for (int i = 1; i < size1; i++) {
                double[] c = calc(i, n, ang);
                v1r[i] = c[0];
                v1i[i] = c[1];
            }
            int size2 = (nval + mask) / (mask + 1);
            v2r = new double[size2];
            v2i = new double[size2];
            v2r[0] = 1;
            for (int i = 1; i < size2; i++) {
                double[] c = calc(i * (mask + 1), n, ang);
                v2r[i] = c[0];
                v2i[i] = c[1];
            }
        }

        private static double[] calc(int xIn, int n, double ang) {
            long x = (long) xIn << 3;
            if (x < 4L * n) {
                if (x < 2L * n) {
                    if (x < n) {
                        return new double[] {StrictMath.cos(x * ang), StrictMath.sin(x * ang)};
                    }
                    return new double[] {StrictMath.sin((2L * n - x) * ang), StrictMath.cos((2L * n - x) * ang)};
                }
                x -= 2L * n;
                if (x < n) {
                    return new double[] {-StrictMath.sin(x * ang), StrictMath.cos(x * ang)};
                }
                return new double[] {-StrictMath.cos((2L * n - x) * ang), StrictMath.sin((2L * n - x) * ang)};
            }
            x = 8L * n - x;
            if (x < 2L * n) {
                if (x < n) {
                    return new double[] {StrictMath.cos(x * ang), -StrictMath.sin(x * ang)};
                }
                return new double[] {StrictMath.sin((2L * n - x) * ang), -StrictMath.cos((2L * n - x) * ang)};
            }
            x -= 2L * n;
            if (x < n) {
                return new double[] {-StrictMath.sin(x * ang), -StrictMath.cos(x * ang)};
            }
            return new double[] {-StrictMath.cos((2L * n - x) * ang), -StrictMath.sin((2L * n - x) * ang)};
        }

        float re(int idx) {
            int i = 2 * idx <= n ? idx : n - idx;
            int a = i & mask;
            int b = i >> shift;
            return (float) (v1r[a] * v2r[b] - v1i[a] * v2i[b]);
        }

        float im(int idx) {
            boolean upper = 2 * idx > n;
            int i = upper ? n - idx : idx;
            int a = i & mask;
            int b = i >> shift;
            float v = (float) (v1r[a] * v2i[b] + v1i[a] * v2r[b]);
            return upper ? -v : v;
        }
    }
}
