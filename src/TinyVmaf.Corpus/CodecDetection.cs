using TinyVmaf.Features.Video;
using TinyVmaf.Model.Codecs;

namespace TinyVmaf.Corpus;

/// <summary>What made a distorted video: ffprobe's <c>codec_name</c> of its video stream, through the vocabulary's aliases.</summary>
public static class CodecDetection
{
    /// <summary>The codec as ffprobe names it, or null for a format that carries none (Y4M, raw YUV).</summary>
    public static string? RawCodecName(string path)
    {
        string extension = Path.GetExtension(path).ToLowerInvariant();
        return extension is ".y4m" or ".yuv" ? null : Ffmpeg.Probe(path).CodecName;
    }

    /// <summary>The vocabulary name of the codec that made <paramref name="path"/>; <c>unknown</c> for raw video.</summary>
    public static string Detect(string path) => CodecVocabulary.Canonical(RawCodecName(path));
}
