using TinyVmaf.Features.PsnrHvs;

namespace TinyVmaf.Features.Tests.PsnrHvs;

/// <summary>
/// The block accumulation must give exactly the float that 64 serial additions in libvmaf's order give,
/// whatever the terms: these tests compare it bit for bit with a plain loop.
/// </summary>
public sealed class PsnrHvsFloatStageTests
{
    [Fact]
    public void The_serial_sum_adds_coefficient_rows_in_order_from_column_major_terms()
    {
        var terms = RandomTerms(new Random(1), 1f);
        float expected = 0.25f;
        for (int i = 0; i < 8; i++)
        {
            for (int j = 0; j < 8; j++)
            {
                expected += terms[(j * 8) + i];
            }
        }

        Assert.Equal(expected, PsnrHvsFloatStage.AccumulateSerial(0.25f, ref terms[0]));
    }

    [Fact]
    public void A_plane_of_blocks_accumulates_exactly_as_the_serial_sum()
    {
        Assert.SkipUnless(System.Runtime.Intrinsics.X86.Avx2.IsSupported, "the block accumulation is an AVX2 kernel");
        var random = new Random(7);
        float vector = 0, serial = 0;
        for (int block = 0; block < 20000; block++)
        {
            // Mostly terms from far below the total's last place to well above it, as a plane gives (the whole
            // block adds at once); every hundredth block adds a good part of the total and often carries it
            // into the next binade (added serially). The total ends near 2e19, some 60 binades up.
            float scale = block % 100 == 99 ? MathF.Max(serial, 1f) / 64 : MathF.Pow(2, random.Next(-30, 8));
            var terms = RandomTerms(random, scale);
            vector = PsnrHvsFloatStage.Accumulate(vector, terms);
            serial = Serial(serial, terms);
            Assert.Equal(BitConverter.SingleToInt32Bits(serial), BitConverter.SingleToInt32Bits(vector));
        }
    }

    [Fact]
    public void Terms_exactly_half_way_between_two_floats_of_the_total_round_to_even_as_serially()
    {
        Assert.SkipUnless(System.Runtime.Intrinsics.X86.Avx2.IsSupported, "the block accumulation is an AVX2 kernel");
        var random = new Random(11);
        for (int n = 0; n < 2000; n++)
        {
            // An odd or even total, and terms of k + 1/2 of its last place: round-to-even then depends on the
            // running total's last bit, which only the serial sum sees.
            float sum = BitConverter.Int32BitsToSingle(0x4B000000 + random.Next(0, 1 << 20));
            float ulp = MathF.BitIncrement(sum) - sum;
            var terms = new float[64];
            for (int k = 0; k < 64; k++)
            {
                terms[k] = random.Next(3) switch
                {
                    0 => (random.Next(4) + 0.5f) * ulp,
                    1 => random.Next(4) * ulp,
                    _ => 0f,
                };
            }

            Assert.Equal(Serial(sum, terms), PsnrHvsFloatStage.Accumulate(sum, terms));
        }
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(1e-40f)]
    [InlineData(1e-35f)]
    [InlineData(16777215f)]
    [InlineData(33554430f)]
    [InlineData(3e38f)]
    public void Totals_at_the_edges_accumulate_as_serially(float start)
    {
        Assert.SkipUnless(System.Runtime.Intrinsics.X86.Avx2.IsSupported, "the block accumulation is an AVX2 kernel");
        var random = new Random(13);
        foreach (float scale in new[] { 0f, 1e-38f, 1e-30f, 0.5f, 1f, 3f, 1e6f, 1e30f, 1e37f })
        {
            var terms = RandomTerms(random, scale);
            Assert.Equal(Serial(start, terms), PsnrHvsFloatStage.Accumulate(start, terms));
        }
    }

    [Fact]
    public void A_block_without_error_leaves_the_total_as_it_is()
    {
        Assert.SkipUnless(System.Runtime.Intrinsics.X86.Avx2.IsSupported, "the block accumulation is an AVX2 kernel");
        var zeros = new float[64];

        Assert.Equal(0f, PsnrHvsFloatStage.Accumulate(0f, zeros));
        Assert.Equal(1e-42f, PsnrHvsFloatStage.Accumulate(1e-42f, zeros));
        Assert.Equal(12345.678f, PsnrHvsFloatStage.Accumulate(12345.678f, zeros));
    }

    private static float Serial(float sum, float[] terms) => PsnrHvsFloatStage.AccumulateSerial(sum, ref terms[0]);

    /// <summary>Non-negative terms around <paramref name="scale"/>: zeros, tiny ones, and a spread of magnitudes.</summary>
    private static float[] RandomTerms(Random random, float scale)
    {
        var terms = new float[64];
        for (int k = 0; k < 64; k++)
        {
            terms[k] = random.Next(4) switch
            {
                0 => 0f,
                1 => scale * (float)random.NextDouble() * 1e-6f,
                _ => scale * (float)random.NextDouble() * MathF.Pow(2, random.Next(-8, 3)),
            };
        }

        return terms;
    }
}
