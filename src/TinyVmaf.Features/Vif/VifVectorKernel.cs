namespace TinyVmaf.Features.Vif;

/// <summary>Placeholder until the vector kernel lands: the scalar one under another name.</summary>
internal static class VifVectorKernel
{
    public static bool IsSupported => false;

    public static IVifKernel Instance => VifScalarKernel.Instance;
}
