using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TinyVmaf.Features.Cambi;

/// <summary>
/// The sliding-window histograms of one scale, libvmaf's layout: row v holds, for every column j, how many
/// masked pixels of value v lie in the window around the current row and column j. Only values up to
/// <see cref="CambiContrast.BandTop"/> have a row. Counts are 16-bit, as in libvmaf, and wrap the same way.
/// </summary>
internal sealed class CambiHistograms
{
    /// <summary>
    /// Row length granularity: a row is padded to a whole number of vectors, so a vector kernel may read and
    /// write whole vectors at its end. The padding columns hold nothing anyone reads.
    /// </summary>
    public const int ColumnAlignment = 32;

    private readonly ushort[] _counts;

    public CambiHistograms(int maxWidth, int pad, CambiContrast contrast)
    {
        Pad = pad;
        Contrast = contrast;
        _counts = new ushort[(contrast.BandTop + 1) * RowStride(maxWidth)];
    }

    /// <summary>Half the window: the window around (i, j) spans rows i ± pad and columns j ± pad.</summary>
    public int Pad { get; }

    public CambiContrast Contrast { get; }

    /// <summary>The width of the current scale.</summary>
    public int Width { get; private set; }

    /// <summary>Samples between the starts of two value rows at the current scale.</summary>
    public int Stride { get; private set; }

    public ushort[] Counts => _counts;

    /// <summary>Empties the histograms and lays them out for a scale <paramref name="width"/> wide.</summary>
    public void Reset(int width)
    {
        Width = width;
        Stride = RowStride(width);
        _counts.AsSpan(0, (Contrast.BandTop + 1) * Stride).Clear();
    }

    private static int RowStride(int width) => (width + ColumnAlignment - 1) / ColumnAlignment * ColumnAlignment;

    /// <summary>
    /// libvmaf's <c>c_value_pixel</c> for a masked pixel of <paramref name="value"/> at <paramref name="column"/>:
    /// for each visible step d + 1, the weighted contrast w·p0·p / (p0 + p) between the count p0 of the
    /// pixel's own value and the larger count p of the values one step above and below; the largest of these.
    /// Float arithmetic, as in libvmaf: the integer product converted to float, times libvmaf's float
    /// reciprocal of the integer sum (<see cref="CambiReciprocals"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float CValue(int value, int column)
    {
        var contrast = Contrast;
        if (value > contrast.MaxTvi)
        {
            return 0f;
        }

        ushort[] counts = _counts;
        float[] reciprocals = CambiReciprocals.Table;
        int stride = Stride;
        int p0 = counts[(value * stride) + column];
        float best = 0f;
        for (int d = 0; d < contrast.NumDiffs; d++)
        {
            if (value <= contrast.Tvi[d] && contrast.AboveVisibility(value, d))
            {
                int above = counts[((value + d + 1) * stride) + column];
                int below = value - d - 1 >= 0 ? counts[((value - d - 1) * stride) + column] : 0;
                int p = above > below ? above : below;
                float candidate = (float)(contrast.Weights[d] * p0 * p) * reciprocals[p + p0];
                if (candidate > best)
                {
                    best = candidate;
                }
            }
        }

        return best;
    }
}

/// <summary>
/// The hot loops of CAMBI: sliding the window histograms down one row, and the c-values of one row from them.
/// A kernel must give exactly the counts and floats of libvmaf's scalar code; only the order of its work is
/// its own.
/// </summary>
internal interface ICambiKernel
{
    /// <summary>
    /// Adds the masked pixels of the entering row to the histograms and removes those of the leaving row.
    /// An empty span stands for no row (above the top or below the bottom of the picture).
    /// </summary>
    void Slide(
        CambiHistograms histograms,
        ReadOnlySpan<ushort> enteringImage, ReadOnlySpan<ushort> enteringMask,
        ReadOnlySpan<ushort> leavingImage, ReadOnlySpan<ushort> leavingMask);

    /// <summary>
    /// The c-values of a row — 0 outside the mask, else <see cref="CambiHistograms.CValue"/> — of which only the
    /// nonzero ones are written, left to right, to <paramref name="nonzero"/>; returns how many. Pooling needs no
    /// more: most pixels of a picture are 0. <paramref name="nonzero"/> has room for a value per column, and a
    /// kernel may use all of it as scratch.
    /// </summary>
    int CValuesRow(CambiHistograms histograms, ReadOnlySpan<ushort> image, ReadOnlySpan<ushort> mask, Span<float> nonzero);
}

/// <summary>The scalar reference: libvmaf's loops, one range update per masked pixel and one c-value at a time.</summary>
internal sealed class CambiScalarKernel : ICambiKernel
{
    public void Slide(
        CambiHistograms histograms,
        ReadOnlySpan<ushort> enteringImage, ReadOnlySpan<ushort> enteringMask,
        ReadOnlySpan<ushort> leavingImage, ReadOnlySpan<ushort> leavingMask)
    {
        if (!leavingImage.IsEmpty)
        {
            Update(histograms, leavingImage, leavingMask, -1);
        }

        if (!enteringImage.IsEmpty)
        {
            Update(histograms, enteringImage, enteringMask, +1);
        }
    }

    public int CValuesRow(CambiHistograms histograms, ReadOnlySpan<ushort> image, ReadOnlySpan<ushort> mask, Span<float> nonzero)
    {
        int count = 0;
        for (int j = 0; j < histograms.Width; j++)
        {
            float value = mask[j] != 0 ? histograms.CValue(image[j], j) : 0f;
            if (value != 0f)
            {
                nonzero[count++] = value;
            }
        }

        return count;
    }

    private static void Update(CambiHistograms histograms, ReadOnlySpan<ushort> image, ReadOnlySpan<ushort> mask, int delta)
    {
        int width = histograms.Width, pad = histograms.Pad, stride = histograms.Stride;
        int bandTop = histograms.Contrast.BandTop;
        var counts = histograms.Counts.AsSpan();
        for (int k = 0; k < width; k++)
        {
            int value = image[k];
            if (mask[k] == 0 || value > bandTop)
            {
                continue;
            }

            var row = counts.Slice(value * stride, width);
            int right = Math.Min(k + pad + 1, width);
            for (int j = Math.Max(k - pad, 0); j < right; j++)
            {
                row[j] = (ushort)(row[j] + delta);
            }
        }
    }
}
