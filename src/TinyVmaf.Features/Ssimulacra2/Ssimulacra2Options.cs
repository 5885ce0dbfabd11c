namespace TinyVmaf.Features.Ssimulacra2;

/// <summary>The fork's <c>yuv_matrix</c> values: how YUV samples become non-linear RGB.</summary>
internal enum YuvMatrix
{
    /// <summary>BT.709, limited range (Y in 16..235, C in 16..240 at 8 bits). The default.</summary>
    Bt709Limited = 0,
    /// <summary>BT.601, limited range.</summary>
    Bt601Limited = 1,
    /// <summary>BT.709, full range.</summary>
    Bt709Full = 2,
    /// <summary>BT.601, full range.</summary>
    Bt601Full = 3,
}

/// <summary>The options of the lusoris fork's <c>ssimulacra2</c> extractor, under its names, with its defaults.</summary>
internal sealed record Ssimulacra2Options
{
    public static readonly Ssimulacra2Options Default = new();

    /// <summary><c>yuv_matrix</c>, 0..3: the YUV to RGB matrix and range the samples are read with.</summary>
    public YuvMatrix YuvMatrix
    {
        get;
        init => field = OptionRange.Checked(value, Enum.IsDefined(value), "yuv_matrix", "0 (bt709 limited), 1 (bt601 limited), 2 (bt709 full) or 3 (bt601 full)");
    } = YuvMatrix.Bt709Limited;
}
