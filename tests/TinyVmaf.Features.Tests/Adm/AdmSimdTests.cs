using TinyVmaf.Features.Adm;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Tests.Adm;

/// <summary>checkasm-style: the vector kernels against the scalar reference on the same random input, bit for bit.</summary>
public sealed class AdmSimdTests
{
    [Theory]
    [InlineData(8)]
    [InlineData(10)]
    [InlineData(12)]
    [InlineData(15)]
    public void Dwt_scale0_vectors_equal_the_scalar_kernel_at_every_small_size(int bitDepth)
    {
        Assert.SkipUnless(AdmDwtSimd.Scale0Handles(bitDepth), "AVX2 is not available here: only the scalar DWT runs");
        var random = new Random(bitDepth);
        foreach (int h in new[] { 5, 6, 21 })
        {
            for (int w = 5; w <= 70; w++)
            {
                int stride = w + 3;
                var src = RandomPlane(random, stride, h, bitDepth);
                var rows = new AdmDwtTaps(h);
                var cols = new AdmDwtTaps(w);
                var scalar = new AdmBands<short>(cols.OutputLength, rows.OutputLength, withApproximation: true);
                var vector = new AdmBands<short>(cols.OutputLength, rows.OutputLength, withApproximation: true);
                AdmDwt.Scale0(src, stride, bitDepth, rows, cols, new short[w], new short[w], scalar);
                int n = AdmDwtSimd.Scale0ScratchLength(w);
                AdmDwtSimd.Scale0(src, stride, bitDepth, rows, cols, new short[n], new short[n], vector);

                AssertBandsEqual(scalar, vector, $"{w}x{h} at {bitDepth} bits");
            }
        }
    }

    [Fact]
    public void Dwt_scale0_vectors_on_8_bit_samples_held_as_bytes_equal_the_scalar_kernel()
    {
        Assert.SkipUnless(AdmDwtSimd.Scale0Handles(8), "AVX2 is not available here: only the scalar DWT runs");
        var random = new Random(81);
        foreach (int h in new[] { 5, 6, 21 })
        {
            for (int w = 5; w <= 80; w++)
            {
                int stride = w + 3;
                var src = RandomPlane(random, stride, h, 8);
                // The extremes on the edge columns and in a row of their own.
                for (int y = 0; y < h; y++)
                {
                    src[y * stride] = 255;
                    src[y * stride + w - 1] = 0;
                }

                src.AsSpan(0, w).Fill(255);
                var bytes = src.Select(v => (byte)v).ToArray();
                var rows = new AdmDwtTaps(h);
                var cols = new AdmDwtTaps(w);
                int n = AdmDwtSimd.Scale0ScratchLength(w);
                var scalar = new AdmBands<short>(cols.OutputLength, rows.OutputLength, withApproximation: true);
                AdmDwt.Scale0(src, stride, 8, rows, cols, new short[w], new short[w], scalar);

                var avx2 = new AdmBands<short>(cols.OutputLength, rows.OutputLength, withApproximation: true);
                AdmDwtSimd.Scale0<byte>(bytes, stride, 8, rows, cols, new short[n], new short[n], avx2);
                AssertBandsEqual(scalar, avx2, $"AVX2 on bytes, {w}x{h}");
                if (AdmDwtAvx512.Scale0Handles(8))
                {
                    var avx512 = new AdmBands<short>(cols.OutputLength, rows.OutputLength, withApproximation: true);
                    AdmDwtAvx512.Scale0<byte>(bytes, stride, 8, rows, cols, new short[n], new short[n], avx512);
                    AssertBandsEqual(scalar, avx512, $"AVX-512 on bytes, {w}x{h}");
                }
            }
        }
    }

    [Theory]
    [InlineData(38, 34)]
    [InlineData(98, 42)]
    [InlineData(256, 68)]
    public void The_vectorized_extractor_on_planes_of_bytes_equals_the_scalar_one(int width, int height)
    {
        SkipUnlessVectorized();
        var random = new Random(width + height);
        var reference = RandomPlane(random, width, height, 8);
        var distorted = Distort(random, reference, 8);
        var format = new FrameFormat(width, height, ChromaSubsampling.Yuv444, 8);

        var scalar = new AdmExtractor(format, AdmOptions.Default, useSimd: false).Compute(reference, width, distorted, width);
        var bytes = new AdmExtractor(format, AdmOptions.Default, useSimd: true).Compute<byte>(
            reference.Select(v => (byte)v).ToArray(), width, distorted.Select(v => (byte)v).ToArray(), width);

        Assert.Equal(scalar, bytes);
    }

    [Fact]
    public void Dwt_scale0_restricted_to_detail_rows_keeps_every_approximation_row_and_the_detail_rows_in_range()
    {
        Assert.SkipUnless(AdmDwtSimd.Scale0Handles(8), "AVX2 is not available here: only the scalar DWT runs");
        var random = new Random(40);
        int w = 77, h = 45;
        var src = RandomPlane(random, w, h, 8);
        var rows = new AdmDwtTaps(h);
        var cols = new AdmDwtTaps(w);
        var full = new AdmBands<short>(cols.OutputLength, rows.OutputLength, withApproximation: true);
        AdmDwt.Scale0(src, w, 8, rows, cols, new short[w], new short[w], full);
        int n = AdmDwtSimd.Scale0ScratchLength(w);
        int stride = cols.OutputLength;
        foreach (var (from, to) in new[] { (3, 19), (0, 0), (0, rows.OutputLength) })
        {
            var scalar = new AdmBands<short>(stride, rows.OutputLength, withApproximation: true);
            var avx2 = new AdmBands<short>(stride, rows.OutputLength, withApproximation: true);
            AdmDwt.Scale0(src, w, 8, rows, cols, new short[w], new short[w], scalar, from, to);
            AdmDwtSimd.Scale0(src, w, 8, rows, cols, new short[n], new short[n], avx2, from, to);
            var restricted = new List<AdmBands<short>> { scalar, avx2 };
            if (AdmDwtAvx512.Scale0Handles(8))
            {
                var avx512 = new AdmBands<short>(stride, rows.OutputLength, withApproximation: true);
                AdmDwtAvx512.Scale0(src, w, 8, rows, cols, new short[n], new short[n], avx512, from, to);
                restricted.Add(avx512);
            }

            foreach (var bands in restricted)
            {
                Assert.True(full.A.AsSpan().SequenceEqual(bands.A), $"A differs with detail rows {from}..{to}");
                var inRange = (from * stride)..(to * stride);
                Assert.True(full.H.AsSpan()[inRange].SequenceEqual(bands.H.AsSpan()[inRange]), $"H differs in rows {from}..{to}");
                Assert.True(full.V.AsSpan()[inRange].SequenceEqual(bands.V.AsSpan()[inRange]), $"V differs in rows {from}..{to}");
                Assert.True(full.D.AsSpan()[inRange].SequenceEqual(bands.D.AsSpan()[inRange]), $"D differs in rows {from}..{to}");
            }
        }
    }

    [Fact]
    public void Dwt_scales_1_to_3_vectors_equal_the_scalar_kernel_at_every_small_size()
    {
        Assert.SkipUnless(AdmDwtSimd.Scale123IsSupported, "AVX2 is not available here: only the scalar DWT runs");
        var random = new Random(123);
        foreach (int h in new[] { 5, 6, 21 })
        {
            for (int w = 5; w <= 70; w++)
            {
                for (int scale = 1; scale <= 3; scale++)
                {
                    // A 32-bit approximation band as the previous level leaves it (mostly the 16-bit range, some large).
                    int stride = w + 2;
                    var input = new int[stride * h];
                    for (int i = 0; i < input.Length; i++)
                    {
                        input[i] = random.Next(16) == 0 ? random.Next(-1 << 28, 1 << 28) : random.Next(-30000, 30001);
                    }

                    var rows = new AdmDwtTaps(h);
                    var cols = new AdmDwtTaps(w);
                    var scalar = new AdmBands<int>(stride, h, withApproximation: true);
                    var vector = new AdmBands<int>(stride, h, withApproximation: true);
                    input.CopyTo(scalar.A, 0);
                    input.CopyTo(vector.A, 0);
                    AdmDwt.Scale123(scalar.A, scale, rows, cols, new int[w], new int[w], scalar);
                    int n = AdmDwtSimd.ScratchLength(w);
                    AdmDwtSimd.Scale123(vector.A, scale, rows, cols, new int[n], new int[n], new int[n], new int[n], vector);

                    AssertBandsEqual(scalar, vector, $"scale {scale} at {w}x{h}");
                }
            }
        }
    }

    [Fact]
    public void Dwt_scale_1_read_from_16_bits_equals_the_scalar_kernel_on_the_widened_band()
    {
        Assert.SkipUnless(AdmDwtSimd.Scale123IsSupported, "AVX2 is not available here: only the scalar DWT runs");
        var random = new Random(116);
        foreach (int h in new[] { 5, 6, 21 })
        {
            for (int w = 5; w <= 70; w++)
            {
                // Scale 0's approximation band over the full 16-bit range, extremes included.
                int stride = w + 1;
                var band16 = new short[stride * h];
                for (int i = 0; i < band16.Length; i++)
                {
                    band16[i] = (short)(random.Next(10) == 0 ? (random.Next(2) == 0 ? short.MinValue : short.MaxValue) : random.Next(short.MinValue, short.MaxValue + 1));
                }

                var rows = new AdmDwtTaps(h);
                var cols = new AdmDwtTaps(w);
                var scalar = new AdmBands<int>(stride, h, withApproximation: true);
                var vector = new AdmBands<int>(stride, h, withApproximation: true);
                for (int i = 0; i < band16.Length; i++)
                {
                    // The scalar kernel works in place: start both from the same A outside what they write.
                    scalar.A[i] = band16[i];
                    vector.A[i] = band16[i];
                }

                AdmDwt.Scale123(scalar.A, 1, rows, cols, new int[w], new int[w], scalar);
                int n = AdmDwtSimd.ScratchLength(w);
                AdmDwtSimd.Scale1From16(band16, rows, cols, new int[n], new int[n], new int[n], new int[n], vector);

                AssertBandsEqual(scalar, vector, $"scale 1 at {w}x{h}");
            }
        }
    }

    [Theory]
    [InlineData(AdmOptions.CsfWatson97)]
    [InlineData(AdmOptions.CsfBartenWatsonBlend)]
    public void Contrast_masking_vectors_with_their_own_csf_equal_the_scalar_csf_and_masking_on_random_bands_of_odd_sizes(int csfMode)
    {
        Assert.SkipUnless(AdmContrastMaskingSimd.IsSupported, "AVX2 is not available here: only the scalar masking runs");
        var random = new Random(7 + csfMode);
        var options = AdmOptions.Default with { CsfMode = csfMode };
        var (hv0, d0) = AdmCsf.Scale0FixedFactors(options);
        // Scale 0 is at least 17 wide (frames are more than 32), the coarser scales at least 3.
        foreach (var (w, h) in new[] { (3, 3), (9, 5), (14, 13), (15, 16), (17, 17), (19, 11), (37, 21), (61, 34), (100, 7) })
        {
            int stride = w + 5;
            var scratch = new AdmMaskingScratch(w);
            var region = AdmRegion.Tapped(w, h);

            // Full-range 16-bit values reach libvmaf's wrap-arounds (the CSF, its 1/30 and 1/15 weights, the narrowed square).
            if (w >= 17)
            {
                var src16 = RandomBands16(random, stride, h);
                var masker16 = RandomBands16(random, stride, h);
                var (csf16, flt16) = (NewBands16(stride, h), NewBands16(stride, h));
                AdmCsf.Apply0(masker16, csf16, flt16, region, hv0, d0);
                float scalar0 = AdmContrastMasking.Scale0(src16, csf16, flt16, w, h, hv0, d0, options.NoiseWeight);
                float vector0 = AdmContrastMaskingSimd.Scale0(src16, masker16, w, h, hv0, d0, options.NoiseWeight, scratch);
                AssertSameFloat(scalar0, vector0, $"scale 0 at {w}x{h}");
            }

            for (int scale = 1; scale <= 3; scale++)
            {
                var (hv, d) = AdmCsf.FixedFactors(scale, options);
                var src32 = RandomBands32(random, stride, h);
                var masker32 = RandomBands32(random, stride, h);
                var (csf32, flt32) = (NewBands32(stride, h), NewBands32(stride, h));
                AdmCsf.Apply123(masker32, csf32, flt32, region, hv, d);
                float scalar = AdmContrastMasking.Scale123(src32, csf32, flt32, scale, w, h, hv, d, options.NoiseWeight);
                float vector = AdmContrastMaskingSimd.Scale123(src32, masker32, scale, w, h, hv, d, options.NoiseWeight, scratch);
                AssertSameFloat(scalar, vector, $"scale {scale} at {w}x{h}");
            }
        }
    }

    [Fact]
    public void Contrast_masking_vectors_taken_in_strips_equal_the_whole_band()
    {
        Assert.SkipUnless(AdmContrastMaskingSimd.IsSupported, "AVX2 is not available here: only the scalar masking runs");
        var random = new Random(17);
        var (hv0, d0) = AdmCsf.Scale0FixedFactors(AdmOptions.Default);
        int w = 75, h = 43, stride = 80;
        var src = RandomBands16(random, stride, h);
        var masker = RandomBands16(random, stride, h);
        var scratch = new AdmMaskingScratch(w);
        var region = AdmRegion.Scored(w, h);
        scratch.Reset();
        var whole = AdmContrastMaskingSimd.Sums0(src, masker, w, h, hv0, d0, region.Top, region.Bottom, scratch);

        // Strips of 1 to 4 rows: each row's CSF sums are taken from the cache or computed once.
        scratch.Reset();
        var pieces = default(AdmMaskingSums);
        for (int top = region.Top, size = 1; top < region.Bottom; top += size, size = size % 4 + 1)
        {
            pieces += AdmContrastMaskingSimd.Sums0(src, masker, w, h, hv0, d0, top, Math.Min(top + size, region.Bottom), scratch);
        }

        Assert.Equal(whole, pieces);
    }

    [Fact]
    public void Denominator_vectors_equal_the_scalar_kernels_on_random_bands_of_odd_sizes()
    {
        Assert.SkipUnless(AdmCsfSimd.IsSupported, "AVX2 is not available here: only the scalar denominators run");
        var random = new Random(11);
        var options = AdmOptions.Default;
        var (fhv0, fd0) = AdmCsf.Factors(0, options);
        foreach (var (w, h) in new[] { (3, 3), (13, 7), (17, 17), (37, 21), (61, 34), (100, 9) })
        {
            int stride = w + 3;
            var src16 = RandomBands16(random, stride, h);
            AssertSameFloat(
                AdmCsf.Denominator0(src16, w, h, fhv0, fd0, options.NoiseWeight),
                AdmCsfSimd.Denominator0(src16, w, h, fhv0, fd0, options.NoiseWeight),
                $"scale 0 denominator at {w}x{h}");

            for (int scale = 1; scale <= 3; scale++)
            {
                var (fhv, fd) = AdmCsf.Factors(scale, options);
                var src32 = RandomBands32(random, stride, h);
                AssertSameFloat(
                    AdmCsf.Denominator123(src32, scale, w, h, fhv, fd, options.NoiseWeight),
                    AdmCsfSimd.Denominator123(src32, scale, w, h, fhv, fd, options.NoiseWeight),
                    $"scale {scale} denominator of random bands at {w}x{h}");

                // Small bands (where a lost low bit would show) with the odd extreme, int.MinValue included.
                foreach (var band in new[] { src32.H, src32.V, src32.D })
                {
                    for (int i = 0; i < band.Length; i++)
                    {
                        band[i] = random.Next(50) switch
                        {
                            0 => int.MinValue,
                            1 => int.MaxValue,
                            _ => random.Next(-4000, 4001),
                        };
                    }
                }

                AssertSameFloat(
                    AdmCsf.Denominator123(src32, scale, w, h, fhv, fd, options.NoiseWeight),
                    AdmCsfSimd.Denominator123(src32, scale, w, h, fhv, fd, options.NoiseWeight),
                    $"scale {scale} denominator at {w}x{h}");
                foreach (var band in new[] { src32.H, src32.V, src32.D })
                {
                    for (int i = 0; i < band.Length; i++)
                    {
                        band[i] = random.Next(-300, 301);
                    }
                }

                AssertSameFloat(
                    AdmCsf.Denominator123(src32, scale, w, h, fhv, fd, options.NoiseWeight),
                    AdmCsfSimd.Denominator123(src32, scale, w, h, fhv, fd, options.NoiseWeight),
                    $"scale {scale} denominator of small bands at {w}x{h}");
            }
        }
    }

    [Theory]
    [InlineData(100.0)]
    [InlineData(1.0)]
    [InlineData(37.0)]
    public void Decouple_vectors_equal_the_scalar_kernel_on_random_bands(double gainLimit)
    {
        Assert.SkipUnless(AdmDecoupleSimd.IsSupported, "AVX2 is not available here: only the scalar decouple runs");
        var random = new Random((int)gainLimit);
        foreach (var (w, h) in new[] { (3, 3), (13, 7), (37, 21), (61, 34) })
        {
            int stride = w + 3;
            var reference = RandomBands16(random, stride, h);
            var distorted = RandomBands16(random, stride, h);

            // Mostly a scaled, slightly turned copy of the reference, so that the angle test and the
            // enhancement limit both fire; some samples at the 16-bit extremes and at zero.
            foreach (var (o, t) in new[] { (reference.H, distorted.H), (reference.V, distorted.V), (reference.D, distorted.D) })
            {
                for (int i = 0; i < o.Length; i++)
                {
                    int pick = random.Next(400);
                    t[i] = pick switch
                    {
                        < 200 => (short)Math.Clamp(o[i] * random.Next(50, 160) / 100 + random.Next(-2, 3), short.MinValue, short.MaxValue),
                        < 210 => 0,
                        210 => short.MinValue,
                        _ => t[i],
                    };
                    o[i] = pick == 211 ? short.MinValue : pick is > 220 and < 230 ? (short)0 : o[i];
                }
            }

            var region = AdmRegion.Tapped(w, h);
            var (scalarR, scalarA) = (NewBands16(stride, h), NewBands16(stride, h));
            var (vectorR, vectorA) = (NewBands16(stride, h), NewBands16(stride, h));
            AdmDecouple.Scale0(reference, distorted, scalarR, scalarA, region, gainLimit);
            AdmDecoupleSimd.Scale0(reference, distorted, vectorR, vectorA, region, gainLimit);

            AssertBandsEqual(scalarR, vectorR, $"restored at {w}x{h}");
            AssertBandsEqual(scalarA, vectorA, $"additive at {w}x{h}");
        }
    }

    [Fact]
    public void Decouple_vectors_decide_the_one_degree_test_like_the_scalar_kernel_at_its_boundary()
    {
        Assert.SkipUnless(AdmDecoupleSimd.IsSupported, "AVX2 is not available here: only the scalar decouple runs");
        var random = new Random(1);
        int w = 64, h = 40, stride = w;
        var reference = NewBands16(stride, h);
        var distorted = NewBands16(stride, h);

        // (th, tv) is (oh, ov) turned by 1 degree give or take a hair and scaled, so that many samples fall where
        // the float shortcut of the angle test cannot decide and the double test must.
        for (int i = 0; i < stride * h; i++)
        {
            double magnitude = Math.Pow(2, random.Next(3, 15));
            double phase = random.NextDouble() * 2 * Math.PI;
            double turn = (1.0 + (random.NextDouble() - 0.5) * 0.02) * Math.PI / 180 * (random.Next(2) == 0 ? 1 : -1);
            double gain = 0.5 + random.NextDouble();
            reference.H[i] = (short)Math.Round(magnitude * Math.Cos(phase));
            reference.V[i] = (short)Math.Round(magnitude * Math.Sin(phase));
            distorted.H[i] = (short)Math.Clamp(Math.Round(gain * magnitude * Math.Cos(phase + turn)), -32767, 32767);
            distorted.V[i] = (short)Math.Clamp(Math.Round(gain * magnitude * Math.Sin(phase + turn)), -32767, 32767);
            reference.D[i] = (short)random.Next(-3000, 3001);
            distorted.D[i] = (short)(reference.D[i] * random.Next(0, 130) / 100);
        }

        var region = new AdmRegion(0, 0, w, h);
        var (scalarR, scalarA) = (NewBands16(stride, h), NewBands16(stride, h));
        var (vectorR, vectorA) = (NewBands16(stride, h), NewBands16(stride, h));
        AdmDecouple.Scale0(reference, distorted, scalarR, scalarA, region, 100.0);
        AdmDecoupleSimd.Scale0(reference, distorted, vectorR, vectorA, region, 100.0);

        AssertBandsEqual(scalarR, vectorR, "restored near 1 degree");
        AssertBandsEqual(scalarA, vectorA, "additive near 1 degree");
    }

    [Theory]
    [InlineData(100.0)]
    [InlineData(1.0)]
    public void Decouple_vectors_of_scales_1_to_3_decide_the_one_degree_test_like_the_scalar_kernel_at_its_boundary(double gainLimit)
    {
        Assert.SkipUnless(AdmDecoupleSimd.IsSupported, "AVX2 is not available here: only the scalar decouple runs");
        var random = new Random(3);
        int w = 64, h = 40, stride = w;
        var reference = NewBands32(stride, h);
        var distorted = NewBands32(stride, h);

        // As at scale 0, t is o turned by a hair over or under 1 degree and scaled, at magnitudes up to 2^30.
        for (int i = 0; i < stride * h; i++)
        {
            double magnitude = Math.Pow(2, random.Next(3, 31));
            double phase = random.NextDouble() * 2 * Math.PI;
            double turn = (1.0 + (random.NextDouble() - 0.5) * 0.02) * Math.PI / 180 * (random.Next(2) == 0 ? 1 : -1);
            double gain = 0.5 + random.NextDouble();
            reference.H[i] = (int)Math.Round(magnitude * Math.Cos(phase));
            reference.V[i] = (int)Math.Round(magnitude * Math.Sin(phase));
            distorted.H[i] = (int)Math.Clamp(Math.Round(gain * magnitude * Math.Cos(phase + turn)), -int.MaxValue, int.MaxValue);
            distorted.V[i] = (int)Math.Clamp(Math.Round(gain * magnitude * Math.Sin(phase + turn)), -int.MaxValue, int.MaxValue);
            reference.D[i] = (int)(magnitude * (random.NextDouble() - 0.5));
            distorted.D[i] = (int)(reference.D[i] * (random.NextDouble() * 1.3));
        }

        var region = new AdmRegion(0, 0, w, h);
        var (scalarR, scalarA) = (NewBands32(stride, h), NewBands32(stride, h));
        var (vectorR, vectorA) = (NewBands32(stride, h), NewBands32(stride, h));
        AdmDecouple.Scale123(reference, distorted, scalarR, scalarA, region, gainLimit);
        AdmDecoupleSimd.Scale123(reference, distorted, vectorR, vectorA, region, gainLimit);

        AssertBandsEqual(scalarR, vectorR, "restored near 1 degree");
        AssertBandsEqual(scalarA, vectorA, "additive near 1 degree");
    }

    [Theory]
    [InlineData(100.0)]
    [InlineData(1.0)]
    [InlineData(37.0)]
    public void Decouple_vectors_of_scales_1_to_3_equal_the_scalar_kernel_on_random_bands(double gainLimit)
    {
        Assert.SkipUnless(AdmDecoupleSimd.IsSupported, "AVX2 is not available here: only the scalar decouple runs");
        var random = new Random(1000 + (int)gainLimit);
        foreach (var (w, h) in new[] { (3, 3), (13, 7), (37, 21), (61, 34) })
        {
            int stride = w + 3;
            var reference = NewBands32(stride, h);
            var distorted = NewBands32(stride, h);

            // Magnitudes from a few units to 2^30 (every shift of the 15-bit divisor comes up, products pass 2^51);
            // t mostly a scaled, slightly turned o so that the angle test and the limit fire; some zeros and rare
            // extremes.
            foreach (var (o, t) in new[] { (reference.H, distorted.H), (reference.V, distorted.V), (reference.D, distorted.D) })
            {
                for (int i = 0; i < o.Length; i++)
                {
                    int magnitude = 1 << (random.Next(4) == 0 ? random.Next(25, 31) : random.Next(1, 25));
                    o[i] = (int)Math.Clamp(random.NextInt64(-magnitude, magnitude + 1L), int.MinValue + 1, int.MaxValue);
                    int pick = random.Next(1000);
                    long scaled = o[i] * (long)random.Next(50, 160) / 100 + random.Next(-3, 4);
                    t[i] = pick switch
                    {
                        < 600 => (int)Math.Clamp(scaled, int.MinValue, int.MaxValue),
                        < 630 => 0,
                        630 => int.MinValue,
                        _ => (int)random.NextInt64(-magnitude, magnitude + 1L),
                    };
                    o[i] = pick is > 640 and < 670 ? 0 : pick == 671 ? int.MinValue : o[i];
                }
            }

            var region = AdmRegion.Tapped(w, h);
            var (scalarR, scalarA) = (NewBands32(stride, h), NewBands32(stride, h));
            var (vectorR, vectorA) = (NewBands32(stride, h), NewBands32(stride, h));
            AdmDecouple.Scale123(reference, distorted, scalarR, scalarA, region, gainLimit);
            AdmDecoupleSimd.Scale123(reference, distorted, vectorR, vectorA, region, gainLimit);

            AssertBandsEqual(scalarR, vectorR, $"restored at {w}x{h}");
            AssertBandsEqual(scalarA, vectorA, $"additive at {w}x{h}");
        }
    }

    [Fact]
    public void Int64_to_float_rounding_in_vectors_equals_the_cast_over_the_whole_range()
    {
        Assert.SkipUnless(AdmDecoupleSimd.IsSupported, "AVX2 is not available here: only the scalar decouple runs");
        var random = new Random(64);
        var values = new List<long> { 0, 1, -1, long.MaxValue, long.MinValue + 1, (1L << 51) - 1, 1L << 51, (1L << 51) + 1, -(1L << 51) };

        // Ties and near-ties of the rounding to 24 bits at every magnitude: the 24 kept bits (ending odd or
        // even), the guard bit set, then nothing below it (a tie, to even) or a single low bit (round up).
        for (int top = 26; top <= 62; top++)
        {
            for (int parity = 0; parity < 2; parity++)
            {
                long head = (((1L << 23) | (long)random.Next(1 << 23)) & ~1L) + parity;
                foreach (long low in new[] { 0L, 1L, 1L << (top - 26) })
                {
                    long x = (head << (top - 23)) | (1L << (top - 24)) | low;
                    values.Add(x);
                    values.Add(-x);
                }
            }
        }

        for (int i = 0; i < 4000; i++)
        {
            values.Add(random.NextInt64() >> random.Next(64));
        }

        for (int i = 0; i + 4 <= values.Count; i += 4)
        {
            var lanes = System.Runtime.Intrinsics.Vector256.Create(values[i], values[i + 1], values[i + 2], values[i + 3]);
            var converted = AdmDecoupleSimd.ToFloatThenDouble(lanes);
            for (int lane = 0; lane < 4; lane++)
            {
                Assert.Equal((double)(float)values[i + lane], converted[lane]);
            }
        }
    }

    [Theory]
    [InlineData(37, 33, 8)]
    [InlineData(37, 33, 10)]
    [InlineData(97, 41, 8)]
    [InlineData(97, 41, 10)]
    [InlineData(255, 67, 8)]
    [InlineData(64, 48, 12)]
    public void The_vectorized_extractor_equals_the_scalar_one_on_random_frames(int width, int height, int bitDepth)
    {
        SkipUnlessVectorized();
        var random = new Random(width * 1000 + height + bitDepth);
        var reference = RandomPlane(random, width, height, bitDepth);
        var distorted = Distort(random, reference, bitDepth);
        var format = new FrameFormat(width, height, ChromaSubsampling.Yuv444, bitDepth);

        var scalar = new AdmExtractor(format, AdmOptions.Default, useSimd: false).Compute(reference, width, distorted, width);
        var vector = new AdmExtractor(format, AdmOptions.Default, useSimd: true).Compute(reference, width, distorted, width);

        Assert.Equal(scalar, vector);
        Assert.InRange(scalar.Adm2, 0.0, 1.0);
    }

    private static void AssertSameFloat(float expected, float actual, string what) =>
        Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual), $"{what}: {expected:R} vs {actual:R}");

    private static AdmBands<short> NewBands16(int stride, int rows) => new(stride, rows, withApproximation: false);

    private static AdmBands<int> NewBands32(int stride, int rows) => new(stride, rows, withApproximation: false);

    private static AdmBands<short> RandomBands16(Random random, int stride, int rows)
    {
        var bands = new AdmBands<short>(stride, rows, withApproximation: false);
        foreach (var band in new[] { bands.H, bands.V, bands.D })
        {
            for (int i = 0; i < band.Length; i++)
            {
                band[i] = (short)(random.Next(8) == 0 ? random.Next(short.MinValue, short.MaxValue + 1) : random.Next(-600, 601));
            }
        }

        return bands;
    }

    private static AdmBands<int> RandomBands32(Random random, int stride, int rows)
    {
        var bands = new AdmBands<int>(stride, rows, withApproximation: false);
        foreach (var band in new[] { bands.H, bands.V, bands.D })
        {
            for (int i = 0; i < band.Length; i++)
            {
                band[i] = random.Next(8) == 0 ? random.Next(int.MinValue + 1, int.MaxValue) : random.Next(-1 << 20, 1 << 20);
            }
        }

        return bands;
    }

    private static void SkipUnlessVectorized() =>
        Assert.SkipUnless(System.Runtime.Intrinsics.X86.Avx2.IsSupported, "AVX2 is not available here: only the scalar kernels run");

    private static ushort[] RandomPlane(Random random, int stride, int height, int bitDepth)
    {
        var plane = new ushort[stride * height];
        int max = (1 << bitDepth) - 1;

        // Smooth gradients with texture and some full-range noise, so that bands span small and large values.
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < stride; x++)
            {
                double smooth = 0.5 + 0.3 * Math.Sin(x * 0.31 + y * 0.17) + 0.1 * Math.Cos(x * 1.7 - y * 0.9);
                int value = (int)(smooth * max) + random.Next(-max / 16, max / 16 + 1);
                plane[y * stride + x] = (ushort)Math.Clamp(random.Next(50) == 0 ? random.Next(max + 1) : value, 0, max);
            }
        }

        return plane;
    }

    private static ushort[] Distort(Random random, ushort[] reference, int bitDepth)
    {
        int max = (1 << bitDepth) - 1;
        int noise = Math.Max(1, max / 64);
        return reference.Select(v => (ushort)Math.Clamp(v + random.Next(-noise, noise + 1), 0, max)).ToArray();
    }

    private static void AssertBandsEqual<T>(AdmBands<T> expected, AdmBands<T> actual, string what)
        where T : unmanaged, IEquatable<T>
    {
        Assert.True(expected.A.AsSpan().SequenceEqual(actual.A), $"band A differs at {what}");
        Assert.True(expected.H.AsSpan().SequenceEqual(actual.H), $"band H differs at {what}");
        Assert.True(expected.V.AsSpan().SequenceEqual(actual.V), $"band V differs at {what}");
        Assert.True(expected.D.AsSpan().SequenceEqual(actual.D), $"band D differs at {what}");
    }
}
