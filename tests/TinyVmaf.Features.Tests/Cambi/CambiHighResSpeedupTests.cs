using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Video;
using TinyVmaf.Tests;

namespace TinyVmaf.Features.Tests.Cambi;

/// <summary>
/// <c>cambi_high_res_speedup</c> only acts at 1080p and above, which no golden clip reaches; these are upstream
/// libvmaf 3.2's numbers (f85a8536, built under /tmp, its CLI printing %.6f) on ffmpeg's 1920x1080 mandelbrot,
/// 3 frames: <c>vmaf -r m.y4m -d m.y4m -n --feature cambi=cambi_high_res_speedup=1080 --feature cambi</c>.
/// </summary>
public sealed class CambiHighResSpeedupTests
{
    private static readonly double[] Speedup = [3.494566, 3.361968, 3.239496];
    private static readonly double[] Plain = [3.521585, 3.385028, 3.255480];

    [Fact]
    public void The_speedup_matches_upstream_on_a_1080p_picture_and_changes_the_score()
    {
        TestClips.RequireFfmpeg();
        string folder = Directory.CreateTempSubdirectory("tinyvmaf-cambi-hrs-").FullName;
        try
        {
            string clip = TestClips.Make(Path.Combine(folder, "m.y4m"), "mandelbrot", 1920, 1080, 3);
            using var reference = Y4mReader.Open(clip);
            using var distorted = Y4mReader.Open(clip);
            var table = FeaturePipeline.Run(reference, distorted, new ExtractionOptions
            {
                Extractors =
                [
                    new ExtractorRequest("cambi", new Dictionary<string, string> { ["cambi_high_res_speedup"] = "1080" }, "_hrs_1080"),
                    new ExtractorRequest("cambi", new Dictionary<string, string>()),
                ],
                Threads = 2,
            }, TestContext.Current.CancellationToken);

            for (int f = 0; f < 3; f++)
            {
                Assert.True(Math.Abs(table[f, "cambi_hrs_1080"] - Speedup[f]) <= 1e-5, $"frame {f}: upstream {Speedup[f]}, ours {table[f, "cambi_hrs_1080"]:R}");
                Assert.True(Math.Abs(table[f, "cambi"] - Plain[f]) <= 1e-5, $"frame {f}: upstream {Plain[f]}, ours {table[f, "cambi"]:R}");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
