using System.Globalization;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Corpus.Build;

/// <summary>A video a pair reads: its file, and its stated format when it is headerless raw YUV.</summary>
public sealed record VideoInput(string Path, RawVideoFormat? Raw = null)
{
    public IFrameSource Open() => VideoSource.Open(Path, Raw);

    public override string ToString() => Path;
}

/// <summary>One rung of a ladder: an encoder, its preset and its CRF (QP for libvvenc).</summary>
public sealed record EncodeSettings(LadderEncoder Encoder, string Preset, int Crf)
{
    /// <summary>The part of a unit name that says how it was encoded, e.g. <c>x264_medium_30</c>.</summary>
    public string Tag => string.Create(CultureInfo.InvariantCulture, $"{Encoder.Codec}_{Preset}_{Crf}");

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Encoder.Name} preset {Preset} crf {Crf}");
}

/// <summary>
/// One unit of a corpus build: a reference, and either a distorted video that exists (a dataset's pre-encoded
/// clip) or the settings to make one by encoding the reference. Measurements (features, frame count, bitrate)
/// come from the build; everything that labels the rows (source, unit, codec, MOS, a stated bitrate) comes
/// from here, so the cache keeps only what was measured.
/// </summary>
public sealed record CorpusPair
{
    /// <summary>The content the pair was made from; the unit of leave-one-source-out.</summary>
    public required string Source { get; init; }

    /// <summary>The distorted video's name (<c>dis_basename</c>); unique within a build.</summary>
    public required string Unit { get; init; }

    public required VideoInput Reference { get; init; }

    /// <summary>A distorted video that exists already; null when <see cref="Encode"/> makes it.</summary>
    public VideoInput? Distorted { get; init; }

    /// <summary>How to make the distorted video from the reference; null when <see cref="Distorted"/> is given.</summary>
    public EncodeSettings? Encode { get; init; }

    /// <summary>The codec vocabulary name the rows carry.</summary>
    public required string Codec { get; init; }

    /// <summary>The codec label before the aliases (an encoder's name, ffprobe's codec_name, a user's <c>--codec</c>).</summary>
    public string CodecRaw { get; init; } = "";

    /// <summary>Opinion score on 0..100, or null when the build has none.</summary>
    public double? Mos { get; init; }

    /// <summary>A bitrate the dataset states (e.g. in a file name); when null, the encode's measured one is used.</summary>
    public double? BitrateKbps { get; init; }

    /// <summary>What the pair's distorted side is, for messages and the failures file.</summary>
    public string DistortedDescription => Encode is { } e ? $"encode: {e}" : Distorted!.Path;
}
