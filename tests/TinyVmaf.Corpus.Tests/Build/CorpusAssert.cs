namespace TinyVmaf.Corpus.Tests.Build;

/// <summary>Compares two corpora column by column, value by value (features bit for bit), and their metadata.</summary>
internal static class CorpusAssert
{
    public static void Equal(CorpusTable expected, CorpusTable actual, bool metadata = true)
    {
        Assert.Equal(expected.RowCount, actual.RowCount);
        Assert.Equal(expected.Sources, actual.Sources);
        Assert.Equal(expected.Units, actual.Units);
        Assert.Equal(expected.FrameIndices, actual.FrameIndices);
        Assert.Equal(expected.Codecs, actual.Codecs);
        Assert.Equal(expected.CodecRaw, actual.CodecRaw);
        Same(expected.Mos, actual.Mos);
        Same(expected.Vmaf, actual.Vmaf);
        Assert.Equal(expected.Encoders, actual.Encoders);
        Assert.Equal(expected.Presets, actual.Presets);
        Same(expected.Crf, actual.Crf);
        Same(expected.BitrateKbps, actual.BitrateKbps);
        Assert.Equal(expected.FeatureNames, actual.FeatureNames);
        foreach (string name in expected.FeatureNames)
        {
            Same(expected.Feature(name).ToArray(), actual.Feature(name).ToArray());
        }

        if (metadata)
        {
            Assert.Equal(expected.Metadata.OrderBy(kv => kv.Key), actual.Metadata.OrderBy(kv => kv.Key));
        }
    }

    /// <summary>Bit-equal doubles (NaN equals NaN), or both columns absent.</summary>
    public static void Same(IReadOnlyList<double>? expected, IReadOnlyList<double>? actual)
    {
        Assert.Equal(expected is null, actual is null);
        if (expected is null)
        {
            return;
        }

        Assert.Equal(expected.Count, actual!.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.True(
                BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]),
                $"row {i}: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }
}
