using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TinyVmaf.Features.Speed;

/// <summary>
/// The float linear algebra of SpEED's parameter estimation, in libvmaf's arithmetic (its own ports of GSL's
/// symmetric eigenvalue routine and of a Householder QR solve, float throughout, with its few double
/// intermediates), because the entropies take the logarithms of these eigenvalues and a different but equally
/// good algorithm would move them. Matrices are square <c>n x n</c>, row-major, in caller-owned scratch.
/// </summary>
internal static class SpeedLinearAlgebra
{
    /// <summary>Relative size below which an off-diagonal is taken as zero, and the smallest usable pivot.</summary>
    public const double Epsilon = 1e-6;

    public const int MaxIterations = 500;

    /// <summary>Scratch floats <see cref="Eigenvalues"/> needs for an n x n matrix.</summary>
    public static int EigenScratch(int n) => n * n + 4 * n;

    /// <summary>Scratch floats <see cref="Solve"/> needs for an n x n system with m right-hand columns.</summary>
    public static int SolveScratch(int n, int m) => 5 * n * n + n * m;

    /// <summary>
    /// The eigenvalues of the symmetric <paramref name="matrix"/> (left unchanged), unordered: a Householder
    /// reduction to tridiagonal form, then implicit QR steps with Wilkinson shifts. Returns false when the QR
    /// steps hit <see cref="MaxIterations"/> (libvmaf warns and goes on with what it has; so do we).
    /// </summary>
    /// <remarks>
    /// <paramref name="simd"/> runs the reduction's two O(n²) loops a vector of rows or columns at a time, in the
    /// same order per element. It reads A's columns as its rows: the reduction keeps the block it works on
    /// symmetric bit for bit (its update adds the same two products, swapped, to a[r, c] and a[c, r]).
    /// </remarks>
    public static bool Eigenvalues(ReadOnlySpan<float> matrix, Span<float> eigenvalues, int n, Span<float> scratch, bool simd = false)
    {
        var a = scratch[..(n * n)];
        var d = scratch.Slice(n * n, n);
        var sd = scratch.Slice(n * n + n, n);
        var work = scratch.Slice(n * n + 2 * n, 2 * n);
        matrix[..(n * n)].CopyTo(a);
        if (n == 1)
        {
            eigenvalues[0] = a[0];
            return true;
        }

        Tridiagonalize(a, n, d, sd, work, simd && Vector256.IsHardwareAccelerated);
        bool converged = DiagonalizeTridiagonal(d, sd, n);
        d.CopyTo(eigenvalues);
        return converged;
    }

    private static int Sign(float x) => x >= 0 ? 1 : -1;

    private static float Hypot(float x, float y) => (float)Math.Sqrt(x * x + y * y);

    /// <summary>
    /// Reflects column <paramref name="col"/> below row <paramref name="start"/> onto its first element; returns
    /// tau, leaves beta on the diagonal and v (scaled so its first element is 1, not stored) below it.
    /// </summary>
    private static float Householder(Span<float> a, int col, int start, int n)
    {
        if (n - start == 1)
        {
            return 0.0f;
        }

        float norm = 0;
        for (int i = start + 1; i < n; i++)
        {
            norm += a[i * n + col] * a[i * n + col];
        }

        float xnorm = (float)Math.Sqrt(norm);
        if (xnorm == 0.0f)
        {
            return 0.0f;
        }

        float alpha = a[start * n + col];
        float beta = -Sign(alpha) * Hypot(alpha, xnorm);
        float tau = (beta - alpha) / beta;
        float s = alpha - beta;
        if (s != 0.0f)
        {
            for (int i = start; i < n; i++)
            {
                a[i * n + col] /= s;
            }

            a[start * n + col] = beta;
        }

        return tau;
    }

    private static void Tridiagonalize(Span<float> a, int n, Span<float> d, Span<float> sd, Span<float> work, bool simd)
    {
        var v = work[..n];
        var x = work.Slice(n, n);
        for (int i = 0; i < n - 2; i++)
        {
            float tau = Householder(a, i, i + 1, n);
            for (int j = i + 1; j < n; j++)
            {
                v[j] = a[j * n + i];
            }

            if (tau == 0.0f)
            {
                continue;
            }

            a[(i + 1) * n + i] = v[i + 1];
            v[i + 1] = 1.0f;
            int s = i + 1;

            // x = tau A v, then x -= (tau/2)(x.v) v, then A -= v x' + x v', all on rows and columns [s, n).
            int from = simd ? TauAvVector(a, n, s, tau, v, x) : s;
            for (int r = from; r < n; r++)
            {
                float sum = 0.0f;
                for (int c = s; c < n; c++)
                {
                    sum += tau * a[r * n + c] * v[c];
                }

                x[r] = sum;
            }

            float xv = 0;
            for (int r = s; r < n; r++)
            {
                xv += x[r] * v[r];
            }

            float alpha = (float)(-0.5 * tau * xv);
            for (int r = s; r < n; r++)
            {
                x[r] += alpha * v[r];
            }

            for (int r = s; r < n; r++)
            {
                int c = simd ? UpdateRowVector(a, n, r, s, x, v) : s;
                for (; c < n; c++)
                {
                    a[r * n + c] -= x[r] * v[c] + v[r] * x[c];
                }
            }
        }

        for (int i = 0; i < n; i++)
        {
            d[i] = a[i * n + i];
        }

        for (int i = 0; i < n - 1; i++)
        {
            sd[i] = a[(i + 1) * n + i];
        }
    }

    /// <summary>
    /// x[r] = Σc (tau·a[r, c])·v[c] for r in [s, n), eight rows at a time down A's columns (a[c, r] = a[r, c]);
    /// returns the first row it left to the scalar loop.
    /// </summary>
    private static int TauAvVector(Span<float> a, int n, int s, float tau, Span<float> v, Span<float> x)
    {
        int lanes = Vector256<float>.Count;
        ref float ra = ref MemoryMarshal.GetReference(a);
        var t = Vector256.Create(tau);
        int r = s;
        for (; r + lanes <= n; r += lanes)
        {
            var sum = Vector256<float>.Zero;
            for (int c = s; c < n; c++)
            {
                sum += t * Vector256.LoadUnsafe(ref ra, (nuint)(c * n + r)) * Vector256.Create(v[c]);
            }

            sum.CopyTo(x[r..]);
        }

        return r;
    }

    /// <summary>a[r, c] −= x[r]·v[c] + v[r]·x[c] for c from <paramref name="s"/>, eight at a time; returns the first column it left.</summary>
    private static int UpdateRowVector(Span<float> a, int n, int r, int s, Span<float> x, Span<float> v)
    {
        int lanes = Vector256<float>.Count;
        ref float row = ref Unsafe.Add(ref MemoryMarshal.GetReference(a), r * n);
        ref float rx = ref MemoryMarshal.GetReference(x);
        ref float rv = ref MemoryMarshal.GetReference(v);
        var xr = Vector256.Create(x[r]);
        var vr = Vector256.Create(v[r]);
        int c = s;
        for (; c + lanes <= n; c += lanes)
        {
            var updated = Vector256.LoadUnsafe(ref row, (nuint)c)
                - ((xr * Vector256.LoadUnsafe(ref rv, (nuint)c)) + (vr * Vector256.LoadUnsafe(ref rx, (nuint)c)));
            updated.StoreUnsafe(ref row, (nuint)c);
        }

        return c;
    }

    private static void ChopSmall(Span<float> d, Span<float> sd, int n)
    {
        for (int i = 0; i < n - 1; i++)
        {
            if (MathF.Abs(sd[i]) < Epsilon * (MathF.Abs(d[i]) + MathF.Abs(d[i + 1])))
            {
                sd[i] = 0.0f;
            }
        }
    }

    private static bool DiagonalizeTridiagonal(Span<float> d, Span<float> sd, int n)
    {
        ChopSmall(d, sd, n);
        int b = n - 1;
        int iterations = 0;
        while (b > 0 && iterations < MaxIterations)
        {
            if (sd[b - 1] == 0.0f)
            {
                b--;
                continue;
            }

            // The largest unreduced block [a, b] ending at b.
            int a = b - 1;
            while (a > 0 && sd[a - 1] != 0.0f)
            {
                a--;
            }

            int size = b - a + 1;
            QrStep(d.Slice(a, size), sd.Slice(a, size), size);
            ChopSmall(d.Slice(a, size), sd.Slice(a, size), size);
            iterations++;
        }

        return iterations < MaxIterations;
    }

    /// <summary>The eigenvalue of the trailing 2 x 2 block nearer its last diagonal element (Wilkinson's shift).</summary>
    private static float TrailingEigenvalue(Span<float> d, Span<float> sd, int n)
    {
        float ta = d[n - 2], tb = d[n - 1], tab = sd[n - 2];
        float dt = (ta - tb) / 2.0f;
        if (dt > 0)
        {
            return tb - tab * (tab / (dt + Hypot(dt, tab)));
        }

        return dt == 0 ? tb - MathF.Abs(tab) : tb + tab * (tab / (-dt + Hypot(dt, tab)));
    }

    private static (float C, float S) Givens(float a, float b)
    {
        if (b == 0)
        {
            return (1, 0);
        }

        if (MathF.Abs(b) > MathF.Abs(a))
        {
            float t = -a / b;
            float s1 = (float)(1.0 / Math.Sqrt(1 + t * t));
            return (s1 * t, s1);
        }

        float u = -b / a;
        float c1 = (float)(1.0 / Math.Sqrt(1 + u * u));
        return (c1, c1 * u);
    }

    /// <summary>One implicit symmetric QR step on the unreduced tridiagonal block (d, sd) of size n.</summary>
    private static void QrStep(Span<float> d, Span<float> sd, int n)
    {
        float mu = TrailingEigenvalue(d, sd, n);
        if (Epsilon * MathF.Abs(mu) > MathF.Abs(d[0]) + MathF.Abs(sd[0]))
        {
            mu = 0;
        }

        float x = d[0] - mu, z = sd[0];
        float ak, bk = 0, zk = 0;
        float ap = d[0], bp = sd[0], aq = d[1];
        if (n == 2)
        {
            var (c2, s2) = Givens(x, z);
            float ap1 = c2 * (c2 * ap - s2 * bp) + s2 * (s2 * aq - c2 * bp);
            float bp1 = c2 * (s2 * ap + c2 * bp) - s2 * (s2 * bp + c2 * aq);
            float aq1 = s2 * (s2 * ap + c2 * bp) + c2 * (s2 * bp + c2 * aq);
            d[0] = ap1;
            sd[0] = bp1;
            d[1] = aq1;
            return;
        }

        float bq = sd[1];
        for (int k = 0; k < n - 1; k++)
        {
            var (c, s) = Givens(x, z);

            // G' T G on the 3 x 3 window at k.
            float bk1 = c * bk - s * zk;
            float ap1 = c * (c * ap - s * bp) + s * (s * aq - c * bp);
            float bp1 = c * (s * ap + c * bp) - s * (s * bp + c * aq);
            float zp1 = -s * bq;
            float aq1 = s * (s * ap + c * bp) + c * (s * bp + c * aq);
            float bq1 = c * bq;

            ak = ap1;
            bk = bp1;
            zk = zp1;
            ap = aq1;
            bp = bq1;
            if (k < n - 2)
            {
                aq = d[k + 2];
            }

            if (k < n - 3)
            {
                bq = sd[k + 2];
            }

            d[k] = ak;
            if (k > 0)
            {
                sd[k - 1] = bk1;
            }

            if (k < n - 2)
            {
                sd[k + 1] = bp;
            }

            x = bk;
            z = zk;
        }

        d[n - 1] = ap;
        sd[n - 2] = bk;
    }

    /// <summary>
    /// Solves A X = B (A n x n, B and X n x m) by a Householder QR of A and back substitution. Returns false,
    /// leaving X partly written, when a diagonal element of R is below <see cref="Epsilon"/> in magnitude.
    /// <paramref name="simd"/> takes the vector matrix products, bit-exact with the scalar ones.
    /// </summary>
    public static bool Solve(ReadOnlySpan<float> a, int n, ReadOnlySpan<float> b, int m, Span<float> x, Span<float> scratch, bool simd = false)
    {
        MultiplyKernel multiply = simd && Vector256.IsHardwareAccelerated ? MultiplyVector : MultiplyScalar;
        int nn = n * n;
        var q = scratch[..nn];
        var r = scratch.Slice(nn, nn);
        var reflector = scratch.Slice(2 * nn, nn);
        var z = scratch.Slice(3 * nn, nn);
        var product = scratch.Slice(4 * nn, nn);
        var qtb = scratch.Slice(5 * nn, n * m);

        // Q accumulates the reflections H_k ... H_1 (so Q' A = R), z is A reduced column by column. The
        // reflector's sign follows A's own diagonal, not the reduced one's: kept for parity.
        a[..nn].CopyTo(z);
        Identity(q, n);
        var v = r[..n];
        for (int k = 0; k < n - 1; k++)
        {
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    if (i < k || j < k)
                    {
                        z[i * n + j] = i == j ? 1 : 0;
                    }
                }
            }

            for (int i = 0; i < n; i++)
            {
                v[i] = z[i * n + k];
            }

            float norm = Norm(v);
            v[k] += Sign(a[k * n + k]) * norm;
            float vNorm = Norm(v);
            for (int i = 0; i < n; i++)
            {
                v[i] /= vNorm;
            }

            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    reflector[i * n + j] = -2 * v[i] * v[j];
                }

                reflector[i * n + i] += 1;
            }

            multiply(product, reflector, z, n, n, n);
            product.CopyTo(z);
            multiply(product, reflector, q, n, n, n);
            product.CopyTo(q);
        }

        // R = (H_k ... H_1) A; Q' B = (H_k ... H_1) B.
        multiply(r, q, a, n, n, n);
        multiply(qtb, q, b, n, n, m);

        for (int i = n - 1; i >= 0; i--)
        {
            float pivot = r[i * n + i];
            if (MathF.Abs(pivot) < Epsilon)
            {
                return false;
            }

            for (int j = 0; j < m; j++)
            {
                float term = qtb[i * m + j];
                for (int k = i + 1; k < n; k++)
                {
                    term -= x[k * m + j] * r[i * n + k];
                }

                x[i * m + j] = term / pivot;
            }
        }

        return true;
    }

    private static void Identity(Span<float> m, int n)
    {
        m.Clear();
        for (int i = 0; i < n; i++)
        {
            m[i * n + i] = 1;
        }
    }

    private static float Norm(ReadOnlySpan<float> v)
    {
        float sum = 0;
        foreach (float e in v)
        {
            sum += e * e;
        }

        return (float)Math.Sqrt(sum);
    }

    private delegate void MultiplyKernel(Span<float> dst, ReadOnlySpan<float> x, ReadOnlySpan<float> y, int rows, int inner, int cols);

    /// <summary>dst (rows x cols) = x (rows x inner) y (inner x cols), each element summed in inner order from zero.</summary>
    internal static void MultiplyScalar(Span<float> dst, ReadOnlySpan<float> x, ReadOnlySpan<float> y, int rows, int inner, int cols)
    {
        dst[..(rows * cols)].Clear();
        for (int i = 0; i < rows; i++)
        {
            for (int k = 0; k < inner; k++)
            {
                float xik = x[i * inner + k];
                for (int j = 0; j < cols; j++)
                {
                    dst[i * cols + j] += xik * y[k * cols + j];
                }
            }
        }
    }

    /// <inheritdoc cref="MultiplyScalar"/>
    /// <remarks>
    /// Four blocks of eight columns of one row at a time, each summed in a register over the inner index in the
    /// same order (no fused multiply-add, as in the scalar loop): four independent chains of additions, so the
    /// adder's latency is hidden. Block starts past the last whole block are clamped to it, which rewrites a few
    /// elements with the same values (dst never aliases x or y).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void MultiplyVector(Span<float> dst, ReadOnlySpan<float> x, ReadOnlySpan<float> y, int rows, int inner, int cols)
    {
        int lanes = Vector256<float>.Count;
        if (!Vector256.IsHardwareAccelerated || cols < lanes)
        {
            MultiplyScalar(dst, x, y, rows, inner, cols);
            return;
        }

        if (dst.Length < rows * cols || x.Length < rows * inner || y.Length < inner * cols)
        {
            throw new ArgumentException("a matrix is shorter than its dimensions");
        }

        ref float d = ref MemoryMarshal.GetReference(dst);
        ref float rx = ref MemoryMarshal.GetReference(x);
        ref float ry = ref MemoryMarshal.GetReference(y);
        int last = cols - lanes;
        int blocks = (cols + lanes - 1) / lanes;
        for (int i = 0; i < rows; i++)
        {
            ref float xi = ref Unsafe.Add(ref rx, i * inner);
            for (int b = 0; b < blocks; b += 4)
            {
                nuint j0 = (nuint)Math.Min(b * lanes, last), j1 = (nuint)Math.Min((b + 1) * lanes, last);
                nuint j2 = (nuint)Math.Min((b + 2) * lanes, last), j3 = (nuint)Math.Min((b + 3) * lanes, last);
                var accum0 = Vector256<float>.Zero;
                var accum1 = Vector256<float>.Zero;
                var accum2 = Vector256<float>.Zero;
                var accum3 = Vector256<float>.Zero;
                ref float yk = ref ry;
                for (int k = 0; k < inner; k++)
                {
                    var xik = Vector256.Create(Unsafe.Add(ref xi, k));
                    accum0 += xik * Vector256.LoadUnsafe(ref yk, j0);
                    accum1 += xik * Vector256.LoadUnsafe(ref yk, j1);
                    accum2 += xik * Vector256.LoadUnsafe(ref yk, j2);
                    accum3 += xik * Vector256.LoadUnsafe(ref yk, j3);
                    yk = ref Unsafe.Add(ref yk, cols);
                }

                nuint row = (nuint)(i * cols);
                accum0.StoreUnsafe(ref d, row + j0);
                accum1.StoreUnsafe(ref d, row + j1);
                accum2.StoreUnsafe(ref d, row + j2);
                accum3.StoreUnsafe(ref d, row + j3);
            }
        }
    }
}
