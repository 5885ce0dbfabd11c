namespace TinyVmaf.Corpus;

/// <summary>
/// The column names of a corpus (ARCHITECTURE.md, "Corpus rows"), in the order they are written:
/// <c>dataset, source, dis_basename, frame_index, codec, codec_raw</c>, the labels that exist (<c>mos</c>, <c>vmaf</c>), the
/// encode metadata that exists (<c>encoder, preset, crf, bitrate_kbps</c>), then one column per FULL_FEATURES name
/// present, in FULL_FEATURES order.
/// </summary>
public static class CorpusColumns
{
    /// <summary>
    /// The corpus a row was imported as (e.g. <c>appeal</c>); with <see cref="DisBasename"/> it names a video, so
    /// that corpora of several datasets can be merged and evaluated per dataset.
    /// </summary>
    public const string Dataset = "dataset";

    /// <summary>
    /// Metadata key: the dataset name of a corpus that holds one dataset. A corpus written before the
    /// <see cref="Dataset"/> column existed reads its rows' dataset from here, else from its file name's stem.
    /// </summary>
    public const string DatasetKey = "tinyvmaf.dataset";

    /// <summary>The reference (content) a row was distorted from; the unit of leave-one-source-out.</summary>
    public const string Source = "source";

    /// <summary>The distorted video's name; the unit an opinion score belongs to.</summary>
    public const string DisBasename = "dis_basename";

    public const string FrameIndex = "frame_index";

    /// <summary>The codec vocabulary name (<c>x264</c>, …, <c>unknown</c>).</summary>
    public const string Codec = "codec";

    /// <summary>The codec label as the table gave it, before the aliases.</summary>
    public const string CodecRaw = "codec_raw";

    /// <summary>Opinion score, on 0..100 when the import was given the table's MOS scale.</summary>
    public const string Mos = "mos";

    /// <summary>The teacher score the libvmaf log holds (vmaf_v0.6.1 for the logs we know).</summary>
    public const string Vmaf = "vmaf";

    public const string Encoder = "encoder";

    public const string Preset = "preset";

    public const string Crf = "crf";

    public const string BitrateKbps = "bitrate_kbps";

    /// <summary>The label columns a corpus may have, in column order.</summary>
    public static readonly IReadOnlyList<string> Labels = [Mos, Vmaf];
}
