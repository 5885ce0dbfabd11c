using TinyVmaf.Model.Anchored;
using TinyVmaf.Model.Codecs;
using TinyVmaf.Model.Evaluation;

namespace TinyVmaf.Model.Tests.Anchored;

public sealed class AnchoredMosTrainerTests
{
    // Synthetic tests: videos whose MOS follows the model's own form with known numbers, each dataset on its own
    // linear scale, plus a little noise. The fit must recover what generated them.
    private const double TrueExponent = 1.7;
    private static readonly double[] TrueWeights = [0.06, -0.04];
    private static readonly Dictionary<string, double> TrueCodec = new() { ["x265"] = -0.08, ["libsvtav1"] = 0.03, ["libvvenc"] = 0.05 };

    private static List<OpinionVideo> Synthetic(int seed, string[] datasets, string[] codecs, double noise = 0.5)
    {
        var random = new Random(seed);
        var videos = new List<OpinionVideo>();
        var maps = new Dictionary<string, (double A, double B)> { ["a"] = (5, 90), ["b"] = (-10, 110), ["c"] = (20, 60) };
        foreach (string dataset in datasets)
        {
            for (int v = 0; v < 120; v++)
            {
                string codec = codecs[v % codecs.Length];
                var frames = Enumerable.Range(0, 8).Select(_ => 30 + 68 * random.NextDouble()).ToArray();
                double motion = 12 * random.NextDouble(), psnr = 30 + 20 * random.NextDouble();
                double calibrated = frames.Average(x => Math.Pow(x / 100, TrueExponent));
                double shared = calibrated + TrueWeights[0] * (motion - 6) / 3.46 + TrueWeights[1] * (psnr - 40) / 5.77
                    + TrueCodec.GetValueOrDefault(codec);
                var (a, b) = maps[dataset];
                double mos = a + b * shared + noise * (random.NextDouble() - 0.5);
                videos.Add(new OpinionVideo(dataset, $"{dataset}-{v}", $"{dataset}-src{v % 5}", CodecVocabulary.IndexOf(codec), mos,
                    frames, [motion, psnr], frames.Average()));
            }
        }
        return videos;
    }

    [Fact]
    public void The_fit_recovers_the_exponent_weights_offsets_and_each_datasets_scale()
    {
        var videos = Synthetic(1, ["a", "b", "c"], ["x265", "libsvtav1", "libvvenc"]);
        var fit = AnchoredMosTrainer.Fit(videos, new AnchoredMosOptions { CodecAware = true, Ridge = 1e-6 });
        var p = fit.Parameters;
        Assert.InRange(p.Exponent, 1.65, 1.75);
        // Weights are per std of the training videos, which the generator approximates by the uniform's std.
        Assert.InRange(p.CorrectionWeights[0], 0.055, 0.065);
        Assert.InRange(p.CorrectionWeights[1], -0.045, -0.035);
        // Offsets are identified up to a constant (each dataset's intercept absorbs it): compare differences.
        double Offset(string c) => p.CodecOffsets![CodecVocabulary.IndexOf(c)];
        Assert.InRange(Offset("libsvtav1") - Offset("x265"), 0.10, 0.12);
        Assert.InRange(Offset("libvvenc") - Offset("libsvtav1"), 0.01, 0.03);
        Assert.InRange(fit.PerDataset["b"].Slope / fit.PerDataset["a"].Slope, 110 / 90.0 - 0.02, 110 / 90.0 + 0.02);
        Assert.InRange(fit.PerDataset["c"].Slope / fit.PerDataset["a"].Slope, 60 / 90.0 - 0.02, 60 / 90.0 + 0.02);
        Assert.Equal((fit.PerDataset["a"].Slope + fit.PerDataset["b"].Slope + fit.PerDataset["c"].Slope) / 3, p.Slope, 9);
    }

    [Fact]
    public void Codecs_without_opinion_data_borrow_the_nearest_generation_or_the_mean()
    {
        var videos = Synthetic(2, ["a", "b"], ["x265", "libsvtav1", "libvvenc"]);
        var p = AnchoredMosTrainer.Fit(videos, new AnchoredMosOptions { CodecAware = true }).Parameters;
        double Offset(string c) => p.CodecOffsets![CodecVocabulary.IndexOf(c)];
        Assert.Equal(Offset("x265"), Offset("x264"));
        Assert.Equal(Offset("x265"), Offset("libvpx-vp9"));
        double mean = (Offset("x265") + Offset("libsvtav1") + Offset("libvvenc")) / 3; // equal video counts
        Assert.Equal(mean, Offset("unknown"), 12);
        Assert.NotEqual(Offset("x265"), Offset("libsvtav1"));
    }

    [Fact]
    public void A_codec_blind_fit_has_no_offsets_and_a_video_scores_as_the_mean_of_its_frames()
    {
        var videos = Synthetic(3, ["a", "b"], ["x265", "libsvtav1"]);
        var p = AnchoredMosTrainer.Fit(videos, new AnchoredMosOptions { CodecAware = false }).Parameters;
        Assert.Null(p.CodecOffsets);
        var video = videos[0];
        double frameMean = video.FrameVmaf.Average(v => p.Score(p.Calibrate(v), video.MeanCappedFeatures, video.Codec));
        Assert.Equal(frameMean, DatasetHoldout.Predict(p, video), 9);
    }

    [Fact]
    public void Bootstrap_draws_each_datasets_size_from_that_dataset_only()
    {
        var videos = Synthetic(4, ["a", "b"], ["x265"]);
        int[] counts = DatasetHoldout.Bootstrap(videos, 99);
        Assert.Equal(120, counts.Where((_, i) => videos[i].Dataset == "a").Sum());
        Assert.Equal(120, counts.Where((_, i) => videos[i].Dataset == "b").Sum());
        Assert.Contains(counts, c => c == 0);
        Assert.Contains(counts, c => c > 1);
        Assert.Equal(counts, DatasetHoldout.Bootstrap(videos, 99));
    }

    [Fact]
    public void Leave_one_dataset_out_beats_raw_vmaf_when_the_truth_is_bent_and_corrected()
    {
        // Raw VMAF is the baseline; the truth bends it and adds corrections, so a fit on two datasets must beat
        // it on the third, each time.
        var videos = Synthetic(5, ["a", "b", "c"], ["x265", "libsvtav1", "libvvenc"], noise: 2.0);
        var report = DatasetHoldout.Run(videos, new DatasetHoldoutOptions { Seeds = 3 }, TestContext.Current.CancellationToken);
        Assert.Equal(3, report.PerDataset.Count);
        Assert.All(report.PerDataset, d =>
        {
            Assert.Equal(120, d.Videos);
            Assert.True(d.V2.Full.Plcc > d.BaselineVmaf!.Plcc, $"{d.Dataset}: v2 {d.V2.Full.Plcc} vs vmaf {d.BaselineVmaf.Plcc}");
        });
        Assert.Equal(ShipGate.Ship, report.V2BeatsVmaf.Verdict);
        Assert.Equal(3, report.LiftPlccPerSeed.Count);
        Assert.True(report.LiftPlcc > 0, "the truth has a codec effect; v2 must gain on v1");
    }

    [Fact]
    public void The_baseline_gate_needs_both_plcc_and_srocc_above_vmaf_on_every_dataset()
    {
        static MetricSet M(double plcc, double srocc) => new(plcc, srocc, 0.7, 10, plcc, 100);
        Assert.Equal(ShipGate.Ship, BaselineGate.BeatsOnEveryDataset([("a", M(0.95, 0.94), M(0.93, 0.92)), ("b", M(0.90, 0.91), M(0.89, 0.90))]).Verdict);
        Assert.Equal(ShipGate.NoShip, BaselineGate.BeatsOnEveryDataset([("a", M(0.95, 0.91), M(0.93, 0.92)), ("b", M(0.90, 0.91), M(0.89, 0.90))]).Verdict);
        Assert.Equal(ShipGate.NoShip, BaselineGate.BeatsOnEveryDataset([("a", M(0.95, 0.94), M(0.93, 0.92)), ("b", M(0.89, 0.91), M(0.89, 0.90))]).Verdict);
        Assert.Equal(ShipGate.NoShip, BaselineGate.BeatsOnEveryDataset([("a", M(0.95, 0.94), null)]).Verdict);
        Assert.Equal(ShipGate.NoShip, BaselineGate.BeatsOnEveryDataset([]).Verdict);
    }
}
