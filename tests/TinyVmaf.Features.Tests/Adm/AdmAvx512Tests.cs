using TinyVmaf.Features.Adm;

namespace TinyVmaf.Features.Tests.Adm;

/// <summary>checkasm-style: the AVX-512 kernels against the scalar reference on the same random input, bit for bit.</summary>
public sealed class AdmAvx512Tests
{
    [Theory]
    [InlineData(8)]
    [InlineData(10)]
    [InlineData(12)]
    [InlineData(15)]
    public void Dwt_scale0_avx512_equals_the_scalar_kernel_at_every_small_size(int bitDepth)
    {
        Assert.SkipUnless(AdmDwtAvx512.Scale0Handles(bitDepth), "this CPU has no AVX-512 BW: the AVX2 DWT runs here");
        var random = new Random(bitDepth + 512);
        foreach (int h in new[] { 5, 6, 21 })
        {
            // Past two whole vectors both ways (32 columns down, 16 outputs along), with every remainder.
            for (int w = 5; w <= 140; w++)
            {
                int stride = w + 3;
                var src = new ushort[stride * h];
                for (int i = 0; i < src.Length; i++)
                {
                    src[i] = (ushort)random.Next(1 << bitDepth);
                }

                var rows = new AdmDwtTaps(h);
                var cols = new AdmDwtTaps(w);
                var scalar = new AdmBands<short>(cols.OutputLength, rows.OutputLength, withApproximation: true);
                var vector = new AdmBands<short>(cols.OutputLength, rows.OutputLength, withApproximation: true);
                AdmDwt.Scale0(src, stride, bitDepth, rows, cols, new short[w], new short[w], scalar);
                int n = AdmDwtSimd.Scale0ScratchLength(w);
                AdmDwtAvx512.Scale0(src, stride, bitDepth, rows, cols, new short[n], new short[n], vector);

                string where = $"{w}x{h} at {bitDepth} bits";
                Assert.True(scalar.A.AsSpan().SequenceEqual(vector.A), $"A band differs, {where}");
                Assert.True(scalar.V.AsSpan().SequenceEqual(vector.V), $"V band differs, {where}");
                Assert.True(scalar.H.AsSpan().SequenceEqual(vector.H), $"H band differs, {where}");
                Assert.True(scalar.D.AsSpan().SequenceEqual(vector.D), $"D band differs, {where}");
            }
        }
    }
}
