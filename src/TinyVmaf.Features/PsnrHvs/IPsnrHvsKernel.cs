using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.PsnrHvs;

/// <summary>
/// The hot part of <c>psnr_hvs</c>: over every 8x8 block of a plane (blocks <see cref="PsnrHvsKernels.Step"/>
/// samples apart, so neighbours overlap by a column or a row), transform reference and distorted with the
/// integer DCT, lower each coefficient's error by the masking threshold the block's texture allows, and sum
/// the squared CSF-weighted errors.
/// </summary>
/// <remarks>
/// The sum is libvmaf's single-precision running total, added term by term in its order (block rows, blocks,
/// coefficient rows, coefficients). A 1080p plane holds millions of terms, late ones only a few units in the
/// last place of the total, so a total kept any other way (in double, or in lanes) moves the score by about
/// 1e-3 dB, the whole parity budget: every kernel reproduces this float total exactly. A kernel allocates
/// nothing per plane.
/// </remarks>
internal interface IPsnrHvsKernel
{
    /// <summary>libvmaf's <c>ret</c> for one plane before it is normalised: the masked, weighted squared errors.</summary>
    float MaskedErrorSum(Plane reference, Plane distorted, PsnrHvsWeights weights);
}

/// <summary>What the kernels share, and the choice between them.</summary>
internal static class PsnrHvsKernels
{
    /// <summary>libvmaf's <c>_step</c>: blocks start every 7 samples, not 8.</summary>
    public const int Step = 7;

    /// <summary>The side of a block.</summary>
    public const int BlockSize = 8;

    /// <summary>How many blocks fit along a side of <paramref name="length"/> samples (libvmaf's <c>x &lt; w - 7</c>).</summary>
    public static int BlockCount(int length) => length < BlockSize ? 0 : ((length - BlockSize) / Step) + 1;

    /// <summary>
    /// The block loop of the vector kernels: <typeparamref name="TBlock"/> turns each pair of blocks into its 64
    /// error terms, which are added to the total in libvmaf's order.
    /// </summary>
    /// <typeparam name="TBlock">A struct, so that the loop is compiled for it and its block work inlined.</typeparam>
    public static float VectorMaskedErrorSum<TBlock>(Plane reference, Plane distorted, PsnrHvsWeights weights)
        where TBlock : struct, IPsnrHvsVectorBlock
    {
        if (distorted.Width != reference.Width || distorted.Height != reference.Height)
        {
            throw new ArgumentException("reference and distorted planes differ in size", nameof(distorted));
        }

        int blocksX = BlockCount(reference.Width);
        int blocksY = BlockCount(reference.Height);
        ref ushort referenceData = ref MemoryMarshal.GetArrayDataReference(reference.Data);
        ref ushort distortedData = ref MemoryMarshal.GetArrayDataReference(distorted.Data);
        nuint referenceStride = (nuint)reference.Stride, distortedStride = (nuint)distorted.Stride;
        Span<float> terms = stackalloc float[64];
        float sum = 0;
        for (int by = 0; by < blocksY; by++)
        {
            int y = by * Step;
            for (int bx = 0; bx < blocksX; bx++)
            {
                int x = bx * Step;
                var stage = new PsnrHvsFloatStage(weights);
                TBlock.Terms(
                    ref Unsafe.Add(ref referenceData, (y * reference.Stride) + x), referenceStride,
                    ref Unsafe.Add(ref distortedData, (y * distorted.Stride) + x), distortedStride,
                    ref stage, terms);
                sum = PsnrHvsFloatStage.Accumulate(sum, terms);
            }
        }

        return sum;
    }

    /// <summary>
    /// The kernel for <paramref name="bitDepth"/>: the 16-bit-lane vector kernel up to 10 bits, the 32-bit-lane
    /// one above, the scalar reference without AVX2 or when SIMD is off.
    /// </summary>
    public static IPsnrHvsKernel Create(bool useSimd, int bitDepth) =>
        !useSimd || !Avx2.IsSupported ? new PsnrHvsScalarKernel()
        : bitDepth <= PsnrHvsNarrowKernel.MaxBitDepth ? new PsnrHvsNarrowKernel()
        : new PsnrHvsWideKernel();
}

/// <summary>A vector kernel's work on one pair of blocks, for <see cref="PsnrHvsKernels.VectorMaskedErrorSum{TBlock}"/>.</summary>
internal interface IPsnrHvsVectorBlock
{
    /// <summary>
    /// Writes the 64 error terms of the 8x8 reference and distorted blocks whose top left samples are
    /// <paramref name="reference"/> and <paramref name="distorted"/>, through <paramref name="stage"/>, fresh
    /// for the block.
    /// </summary>
    static abstract void Terms(
        ref ushort reference, nuint referenceStride, ref ushort distorted, nuint distortedStride,
        ref PsnrHvsFloatStage stage, scoped Span<float> terms);
}
