using TinyVmaf.Features;
using TinyVmaf.Features.Logs;
using TinyVmaf.Model.Cards;
using TinyVmaf.Model.Onnx;
using TinyVmaf.Tests;

namespace TinyVmaf.Model.Tests.Onnx;

/// <summary>
/// Proof that we read the lusoris fork's model format: its <c>fr_regressor_v1</c> (weights in external data)
/// loads through every check and tracks libvmaf's <c>vmaf</c> on the golden logs.
/// </summary>
public sealed class LusorisInteropTests(ITestOutputHelper output)
{
    private static string Folder => Path.Combine(SharedData.Require(), "interop", "lusoris-fr-regressor");

    [Fact]
    public void The_fork_v1_regressor_loads_safely_and_tracks_vmaf_with_plcc_of_at_least_0_99_over_every_golden_frame()
    {
        SharedData.RequireOrSkip();
        using var registered = new TempFolder();
        using var model = RegressorModel.Load(ForkModels.RegisteredV1(registered.Path));
        Assert.True(model.IsRegistered);
        Assert.Equal("fr_regressor_v1", model.Id);
        Assert.False(model.IsCodecAware);
        Assert.False(model.HasVariance);
        Assert.Equal(TestModels.Canonical6, model.FeatureOrder);
        Assert.Equal(model.Card.Sha256, model.Sha256);
        Assert.Subset(OpAllowlist.Names.ToHashSet(), model.OpTypes.ToHashSet());

        var predicted = new List<double>();
        var unclipped = new List<double>();
        var vmaf = new List<double>();
        int logs = 0;
        foreach (string pair in SharedData.GoldenPairs())
        {
            var log = LibvmafLog.Read(SharedData.GoldenLog(pair));
            var columns = model.FeatureOrder.ToDictionary(name => name, name => log.Frames.Column(FeatureNames.LibvmafKey(name)).ToArray());
            var prediction = model.Predict(columns);
            predicted.AddRange(prediction.Scores.Select(s => (double)s));
            unclipped.AddRange(GraphOutput(model, columns));
            vmaf.AddRange(log.Frames.Column("vmaf").ToArray());
            logs++;
        }

        double plcc = Plcc(predicted, vmaf);
        double maxAbs = predicted.Zip(vmaf, (p, v) => Math.Abs(p - v)).Max();
        output.WriteLine($"fr_regressor_v1 over {logs} golden logs, {predicted.Count} frames: PLCC {plcc:F5}, max |score − vmaf| {maxAbs:F3}");
        output.WriteLine($"  before clipping to 0..100: PLCC {Plcc(unclipped, vmaf):F5}, max score {unclipped.Max():F2} (vmaf itself is clipped to 0..100 by libvmaf)");
        Assert.True(logs > 0);
        Assert.Equal(vmaf.Count, predicted.Count);
        GoldenComparisons.Record(predicted.Count);
        Assert.True(plcc >= 0.99, $"PLCC {plcc} over {predicted.Count} frames is below 0.99");
    }

    [Fact]
    public void The_fork_v1_as_published_is_refused_because_nothing_pins_its_external_data()
    {
        SharedData.RequireOrSkip();
        var refused = Assert.Throws<UnpinnedModelException>(() => RegressorModel.Load(Path.Combine(Folder, "fr_regressor_v1.onnx")));
        output.WriteLine(refused.Message);
        Assert.Equal(Path.Combine(Folder, "fr_regressor_v1.onnx.data"), refused.ModelPath);
    }

    [Fact]
    public void The_fork_v1_with_its_external_data_swapped_is_refused_by_the_registry_pin()
    {
        SharedData.RequireOrSkip();
        using var registered = new TempFolder();
        string onnx = ForkModels.RegisteredV1(registered.Path);
        byte[] data = File.ReadAllBytes(onnx + ".data");
        data[data.Length / 2] ^= 0x10;
        File.WriteAllBytes(onnx + ".data", data);

        var refused = Assert.Throws<ModelHashMismatchException>(() => RegressorModel.Load(onnx));
        Assert.Equal(ForkModels.V1DataSha256, refused.ExpectedSha256);
        Assert.Contains("fr_regressor_v1.onnx.data", refused.Message);
    }

    [Fact]
    public void The_fork_v2_sidecar_reads_but_the_model_is_refused_because_its_codec_vocabulary_is_not_ours()
    {
        SharedData.RequireOrSkip();
        string sidecar = Path.Combine(Folder, "fr_regressor_v2.json");
        var card = ModelCard.Read(sidecar);
        Assert.Equal(["features", "codec"], card.InputNames);
        Assert.Equal(2, card.EncoderVocabVersion);
        Assert.Equal("libx264", card.EncoderVocab![0]);
        Assert.Equal(TestModels.Canonical6, card.FeatureOrder);

        var refused = Assert.Throws<CodecVocabularyMismatchException>(() => RegressorModel.Load(sidecar));
        output.WriteLine(refused.Message);
        Assert.Contains("fr_regressor_v2.json", refused.Message);
        Assert.Contains("version 2", refused.Message);
    }

    /// <summary>The graph's own output for raw columns, standardised here by hand from the sidecar, before any clipping.</summary>
    private static IEnumerable<double> GraphOutput(RegressorModel model, Dictionary<string, double[]> columns)
    {
        int rows = columns[model.FeatureOrder[0]].Length, f = model.FeatureOrder.Count;
        float[] x = new float[rows * f];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < f; j++)
            {
                x[i * f + j] = (float)((columns[model.FeatureOrder[j]][i] - model.Card.FeatureMean[j]) / model.Card.FeatureStd[j]);
            }
        }

        float[] scores = new float[rows];
        model.PredictStandardised(x, [], scores, []);
        return scores.Select(s => (double)s);
    }

    private static double Plcc(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        double mx = x.Average(), my = y.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.Count; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }

        return sxy / Math.Sqrt(sxx * syy);
    }
}
