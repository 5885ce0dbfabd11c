using TinyVmaf.Model.Codecs;

namespace TinyVmaf.Corpus.Datasets;

/// <summary>
/// How a dataset's rows get their codec: the layout's default, <c>--codec NAME</c> for the whole corpus, or
/// <c>--codec-from-source</c>: ffprobe's <c>codec_name</c> of each of the dataset's own clips (Netflix Public: the
/// distorted file; BVI-DVC and KoNViD-1k: the original video) through the vocabulary's aliases, kept as <c>codec_raw</c>.
/// Y4M and raw YUV carry no codec and read as <c>unknown</c>.
/// </summary>
public sealed record DatasetCodec
{
    private DatasetCodec(string? label, bool fromSource)
    {
        Label = label;
        FromSource = fromSource;
    }

    /// <summary>The layout's own default.</summary>
    public static DatasetCodec Default { get; } = new(null, false);

    /// <summary>ffprobe's codec of each clip.</summary>
    public static DatasetCodec FromSourceStream { get; } = new(null, true);

    /// <summary>One label for the whole corpus. Throws <see cref="ArgumentException"/> for a name the vocabulary does not know.</summary>
    public static DatasetCodec Named(string label)
    {
        if (CodecVocabulary.IndexOf(label) == CodecVocabulary.Unknown && !label.Trim().Equals("unknown", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException(
                $"--codec '{label}' is not in codec vocabulary v{CodecVocabulary.Version} ({string.Join(", ", CodecVocabulary.Names)}) nor one of its aliases");
        }

        return new DatasetCodec(label.Trim(), false);
    }

    public string? Label { get; }

    public bool FromSource { get; }

    public bool IsDefault => Label is null && !FromSource;

    /// <summary>The raw codec label for a clip, or null to keep the layout's default.</summary>
    public string? RawLabelFor(string clipPath) =>
        Label ?? (FromSource ? Probe(clipPath) : null);

    // A missing clip is left for the build to report by name, with the dataset's other bad inputs.
    private static string Probe(string clipPath) => File.Exists(clipPath) ? CodecDetection.RawCodecName(clipPath) ?? "" : "";
}
