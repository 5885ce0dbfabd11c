using TinyVmaf.Model.Codecs;

namespace TinyVmaf.Model.Tests.Codecs;

public sealed class CodecVocabularyTests
{
    [Fact]
    public void Version_one_has_the_six_entries_in_the_contract_order()
    {
        Assert.Equal(1, CodecVocabulary.Version);
        Assert.Equal(["x264", "x265", "libsvtav1", "libvvenc", "libvpx-vp9", "unknown"], CodecVocabulary.Names);
        Assert.Equal(6, CodecVocabulary.Count);
    }

    [Theory]
    [InlineData("x264", "x264")]
    [InlineData("h264", "x264")]
    [InlineData("avc", "x264")]
    [InlineData("libx264", "x264")]
    [InlineData("x265", "x265")]
    [InlineData("hevc", "x265")]
    [InlineData("h265", "x265")]
    [InlineData("libx265", "x265")]
    [InlineData("libsvtav1", "libsvtav1")]
    [InlineData("av1", "libsvtav1")]
    [InlineData("libvvenc", "libvvenc")]
    [InlineData("vvc", "libvvenc")]
    [InlineData("h266", "libvvenc")]
    [InlineData("libvpx-vp9", "libvpx-vp9")]
    [InlineData("vp9", "libvpx-vp9")]
    [InlineData("unknown", "unknown")]
    public void Every_alias_maps_to_its_vocabulary_entry(string label, string canonical)
    {
        Assert.Equal(canonical, CodecVocabulary.Canonical(label));
        // Case and surrounding whitespace do not matter.
        Assert.Equal(canonical, CodecVocabulary.Canonical("  " + label.ToUpperInvariant() + "\t"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("mpeg2")]
    [InlineData("libaom-av1")]
    [InlineData("h 264")]
    [InlineData("scale")]
    public void Empty_missing_and_unrecognised_labels_are_unknown(string? label)
    {
        Assert.Equal(CodecVocabulary.Unknown, CodecVocabulary.IndexOf(label));
        Assert.Equal("unknown", CodecVocabulary.Canonical(label));
    }

    [Fact]
    public void The_one_hot_of_a_label_has_a_single_one_at_its_index()
    {
        for (int index = 0; index < CodecVocabulary.Count; index++)
        {
            var hot = CodecVocabulary.OneHot(CodecVocabulary.Names[index]);
            Assert.Equal(CodecVocabulary.Count, hot.Length);
            for (int j = 0; j < hot.Length; j++)
                Assert.Equal(j == index ? 1f : 0f, hot[j]);
        }
        Assert.Equal([0f, 1f, 0f, 0f, 0f, 0f], CodecVocabulary.OneHot("HEVC"));
        Assert.Equal([0f, 0f, 0f, 0f, 0f, 1f], CodecVocabulary.OneHot((string?)null));
    }

    [Fact]
    public void The_one_hot_of_a_batch_is_row_major_N_by_six()
    {
        var batch = CodecVocabulary.OneHot(["vp9", null, "avc", "vvc"]);
        float[] expected =
        [
            0, 0, 0, 0, 1, 0,
            0, 0, 0, 0, 0, 1,
            1, 0, 0, 0, 0, 0,
            0, 0, 0, 1, 0, 0,
        ];
        Assert.Equal(expected, batch);
        Assert.Equal(expected, CodecVocabulary.OneHot([4, 5, 0, 3]));
    }

    [Fact]
    public void An_index_outside_the_vocabulary_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CodecVocabulary.OneHot([6]));
        Assert.Throws<ArgumentOutOfRangeException>(() => CodecVocabulary.OneHot([-1]));
    }
}
