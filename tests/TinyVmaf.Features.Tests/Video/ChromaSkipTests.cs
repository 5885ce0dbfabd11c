using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Tests.Extraction;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Tests.Video;

/// <summary>
/// Leaving chroma unread when every extractor of a run reads luma only: the luma is read as before, a cut in the
/// skipped chroma is still a truncation, and no extractor declared luma-only looks at chroma.
/// </summary>
public sealed class ChromaSkipTests
{
    private static readonly FrameFormat Format = new(320, 240, ChromaSubsampling.Yuv420, 8);

    [Theory]
    [InlineData(true, "420")]
    [InlineData(false, "420")]
    [InlineData(true, "420p10")]
    [InlineData(false, "422")] // 8-bit C422: re-sited chroma, which a skip must leave alone
    public void Skipping_chroma_reads_the_same_luma_and_leaves_chroma_untouched(bool seekable, string colorspace)
    {
        var format = colorspace switch
        {
            "420p10" => Format with { BitDepth = 10 },
            "422" => Format with { Chroma = ChromaSubsampling.Yuv422 },
            _ => Format,
        };
        byte[] bytes = Y4mWriter.Build(format, 3, colorspace);
        using var full = Y4mReader.FromStream(new MemoryStream(bytes), "full.y4m");
        using var skipping = Y4mReader.FromStream(seekable ? new MemoryStream(bytes) : new PipeStream(bytes), "skip.y4m");
        ((IChromaSkipping)skipping).SkipChroma = true;
        var expected = new Frame(format);
        var actual = new Frame(format);
        actual.U.Data.AsSpan().Fill(7);
        actual.V.Data.AsSpan().Fill(9);
        for (int f = 0; f < 3; f++)
        {
            Assert.True(full.ReadFrame(expected));
            Assert.True(skipping.ReadFrame(actual));
            Assert.Equal(expected.Y.Data, actual.Y.Data);
            Assert.All(actual.U.Data, s => Assert.Equal(7, s));
            Assert.All(actual.V.Data, s => Assert.Equal(9, s));
        }

        Assert.False(skipping.ReadFrame(actual));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_frame_cut_in_its_skipped_chroma_is_still_a_truncation(bool seekable)
    {
        byte[] bytes = Y4mWriter.Build(Format, 2, "420");
        byte[] cut = bytes[..^100];
        using var reader = Y4mReader.FromStream(seekable ? new MemoryStream(cut) : new PipeStream(cut), "cut.y4m");
        ((IChromaSkipping)reader).SkipChroma = true;
        var frame = new Frame(Format);

        Assert.True(reader.ReadFrame(frame));
        var error = Assert.Throws<VideoInputException>(() => reader.ReadFrame(frame));
        Assert.Contains($"truncated frame 1: {Format.FrameBytes - 100} of {Format.FrameBytes} bytes", error.Message);
    }

    [Fact]
    public void A_run_of_luma_only_extractors_skips_chroma_and_restores_the_sources_after()
    {
        byte[] bytes = Y4mWriter.Build(Format, 2, "420");
        using var reference = Y4mReader.FromStream(new MemoryStream(bytes), "r.y4m");
        using var distorted = Y4mReader.FromStream(new MemoryStream(bytes), "d.y4m");
        var lumaOnly = FeaturePipeline.Descriptors(new ExtractionOptions { Extractors = [new ExtractorRequest("vif", new Dictionary<string, string>())] });
        var chroma = FeaturePipeline.Descriptors(new ExtractionOptions { Extractors = [new ExtractorRequest("speed_chroma", new Dictionary<string, string>())] });
        Assert.True(lumaOnly.Single().LumaOnly);
        Assert.False(chroma.Single().LumaOnly);

        using (ChromaSkip.When(true, reference, distorted))
        {
            Assert.True(((IChromaSkipping)reference).SkipChroma);
            Assert.True(((IChromaSkipping)distorted).SkipChroma);
        }

        Assert.False(((IChromaSkipping)reference).SkipChroma);
        using (ChromaSkip.When(false, reference, distorted))
        {
            Assert.False(((IChromaSkipping)reference).SkipChroma);
        }
    }

    /// <summary>Every libvmaf extractor declared luma-only writes the same numbers whatever its frames' chroma holds.</summary>
    [Fact]
    public void No_extractor_declared_luma_only_reads_chroma()
    {
        var random = new Random(20261207);
        var frames = Enumerable.Range(0, 4).Select(_ => (Reference: Noise(random), Distorted: Noise(random))).ToArray();
        int checkedExtractors = 0;
        foreach (string name in LibvmafExtractors.Names.Order(StringComparer.Ordinal))
        {
            var descriptor = LibvmafExtractors.Instantiate(new ExtractorRequest(name, new Dictionary<string, string>()));
            if (!descriptor.LumaOnly)
            {
                continue;
            }

            var withChroma = Run(descriptor, frames, chroma: null);
            var otherChroma = Run(descriptor, frames, chroma: random);
            Assert.Equal(withChroma, otherChroma);
            checkedExtractors++;
        }

        Assert.Equal(7, checkedExtractors);
    }

    private static List<(int, string, double)> Run(ExtractorDescriptor descriptor, (Frame Reference, Frame Distorted)[] frames, Random? chroma)
    {
        var sink = new RecordingSink();
        using var extractor = descriptor.Create(new ExtractorContext(Format, KernelPath.Auto));
        for (int i = 0; i < frames.Length; i++)
        {
            var pair = new FramePair(Copy(frames[i].Reference, chroma), Copy(frames[i].Distorted, chroma), i);
            extractor.Extract(pair, sink);
        }

        extractor.Flush(sink);
        return sink.Writes;
    }

    private static Frame Noise(Random random)
    {
        var frame = new Frame(Format);
        for (int p = 0; p < frame.PlaneCount; p++)
        {
            var data = frame[p].Data;
            for (int i = 0; i < data.Length; i++)
            {
                // Smooth luma with some noise, so that every extractor has something to measure.
                data[i] = (ushort)Math.Clamp(((i % Format.Width) / 3) + (i / Format.Width / 2) + random.Next(-6, 7), 0, 255);
            }
        }

        return frame;
    }

    private static Frame Copy(Frame frame, Random? chroma)
    {
        var copy = new Frame(frame.Format);
        for (int p = 0; p < frame.PlaneCount; p++)
        {
            frame[p].Data.AsSpan().CopyTo(copy[p].Data);
            if (p > 0 && chroma is not null)
            {
                foreach (ref ushort sample in copy[p].Data.AsSpan())
                {
                    sample = (ushort)chroma.Next(0, 256);
                }
            }
        }

        return copy;
    }

    /// <summary>A pipe: no seeking, and reads that stop short.</summary>
    private sealed class PipeStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, 5000)]);

        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 5000));
    }
}
