using System.Runtime.Intrinsics.X86;
using System.Text;
using TinyVmaf.Features;
using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Video;
using TinyVmaf.Model.Teacher;

namespace TinyVmaf.Scoring.Tests;

/// <summary>
/// The extractors of the models people run most read 8-bit frames from the bytes the reader left, so that no frame
/// of such a run is widened to ushort (a fifth of the work of a 2-thread vmaf_v1.0.16 run went to reading and
/// widening frames, and to the page faults of the ushort buffers). A kernel that reads <see cref="Plane.Data"/>
/// again brings that cost back silently: this test names it.
/// </summary>
public sealed class BytePlaneModelTests
{
    [Theory]
    [InlineData("vmaf_v0.6.1")]
    [InlineData("vmaf_v0.6.1neg")]
    [InlineData("vmaf_4k_v0.6.1")]
    [InlineData("vmaf_v1.0.16_3d0h")]
    public void A_models_extractors_read_8_bit_frames_without_widening_them(string model)
    {
        Assert.SkipUnless(Avx2.IsSupported, "the byte paths are the vector kernels'; without AVX2 the scalar references read ushort samples");
        var vmaf = VmafModel.Load(VmafModelSpec.Parse($"version={model}"), ScoringFixture.ModelsFolder);
        var descriptors = FeaturePipeline.Descriptors(new ExtractionOptions
        {
            Extractors = vmaf.Extractors.Select(i => new ExtractorRequest(i.Extractor, i.Options, i.KeySuffix)).ToArray(),
        });
        var format = new FrameFormat(328, 184, ChromaSubsampling.Yuv420, 8);
        var random = new Random(7);
        var pairs = Enumerable.Range(0, 4).Select(i => new FramePair(Read(format, random), Read(format, random), i)).ToArray();
        Assert.All(pairs, p => Assert.NotNull(p.Reference.Y.Bytes));

        foreach (var descriptor in descriptors)
        {
            using var extractor = descriptor.Create(new ExtractorContext(format, KernelPath.Auto));
            var sink = new Sink();
            foreach (var pair in pairs)
            {
                extractor.Extract(pair, sink);
            }

            extractor.Flush(sink);
            Assert.True(sink.Values > 0, $"{descriptor.Keys.First()} wrote nothing");
            for (int i = 0; i < pairs.Length; i++)
            {
                foreach (var (frame, side) in new[] { (pairs[i].Reference, "reference"), (pairs[i].Distorted, "distorted") })
                {
                    for (int p = 0; p < frame.PlaneCount; p++)
                    {
                        Assert.False(frame[p].WasWidened, $"{model}: the extractor of {string.Join(", ", descriptor.Keys)} widened plane {p} of the {side} frame {i}");
                    }
                }
            }
        }
    }

    /// <summary>A frame as a Y4M reader fills it for the read-ahead ring: smooth luma with noise, noisy chroma.</summary>
    private static Frame Read(FrameFormat format, Random random)
    {
        var y4m = new MemoryStream();
        y4m.Write(Encoding.ASCII.GetBytes($"YUV4MPEG2 W{format.Width} H{format.Height} F25:1 Ip C420jpeg\nFRAME\n"));
        for (int p = 0; p < 3; p++)
        {
            int w = format.PlaneWidth(p), h = format.PlaneHeight(p);
            for (int i = 0; i < w * h; i++)
            {
                y4m.WriteByte((byte)Math.Clamp((i % w) / 2 + (i / w) / 2 + random.Next(-12, 13), 0, 255));
            }
        }

        y4m.Position = 0;
        using var reader = Y4mReader.FromStream(y4m, "noise.y4m");
        var frame = Frame.ForSource(reader);
        Assert.True(reader.ReadFrame(frame));
        return frame;
    }

    private sealed class Sink : IFeatureSink
    {
        public int Values { get; private set; }

        public void Write(int frameIndex, string libvmafKey, double value) => Values++;
    }
}
