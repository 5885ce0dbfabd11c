using System.Text.Json;
using Onnx;
using TinyVmaf.Model.Anchored;
using TinyVmaf.Model.Cards;
using TinyVmaf.Model.Onnx;
using TinyVmaf.Model.Teacher;
using TinyVmaf.Tests;

namespace TinyVmaf.Model.Tests.Anchored;

public sealed class AnchoredMosGraphTests(ITestOutputHelper log)
{
    private static AnchoredMosParameters Parameters(bool codecAware, double exponent = 1.8) => new()
    {
        Exponent = exponent,
        CorrectionFeatures = ["motion2", "psnr_y"],
        CorrectionMean = [4.0, 38.0],
        CorrectionStd = [3.0, 5.0],
        CorrectionWeights = [0.05, -0.04],
        CodecOffsets = codecAware ? [0.01, -0.06, 0.03, 0.02, -0.01, 0.004] : null,
        Intercept = 12.0,
        Slope = 80.0,
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Onnx_runtime_agrees_with_the_managed_forward_pass(bool codecAware)
    {
        SharedData.RequireOrSkip();
        var model = new AnchoredMos(VmafModel.Load(SharedData.VmafModel), Parameters(codecAware));
        Assert.Equal(["adm2", "vif_scale0", "vif_scale1", "vif_scale2", "vif_scale3", "motion2", "psnr_y"], model.FeatureOrder);

        var random = new Random(7);
        const int rows = 300;
        int f = model.FeatureOrder.Count;
        var x = new float[rows * f];
        var codec = new float[codecAware ? rows * 6 : 0];
        var codecOf = new int[rows];
        for (int i = 0; i < rows; i++)
        {
            // Plausible libvmaf values; PSNR up to 75 dB so that the 60 dB cap is crossed.
            x[i * f + 0] = (float)(0.4 + 0.6 * random.NextDouble());
            for (int s = 1; s <= 4; s++)
                x[i * f + s] = (float)(0.1 + 0.9 * random.NextDouble());
            x[i * f + 5] = (float)(25 * random.NextDouble());
            x[i * f + 6] = (float)(20 + 55 * random.NextDouble());
            codecOf[i] = random.Next(6);
            if (codecAware)
                codec[i * 6 + codecOf[i]] = 1;
        }

        using var session = new OnnxRegressorSession(AnchoredMosGraph.Export(model), RegressorSignature.OfExport(f, codecAware, variance: false), maxBatch: 128);
        var scores = new float[rows];
        session.Run(x, codec, scores, []);
        double worst = 0;
        int compared = 0;
        for (int i = 0; i < rows; i++)
        {
            double expected = model.PredictFrame(x.AsSpan(i * f, f).ToArray().Select(v => (double)v).ToArray(), codecAware ? codecOf[i] : 0);
            double delta = Math.Abs(scores[i] - expected);
            Assert.True(delta <= 1e-4, $"row {i}: ONNX {scores[i]} vs managed {expected}");
            worst = Math.Max(worst, delta);
            compared++;
        }
        Assert.Equal(rows, compared);
        log.WriteLine($"v{(codecAware ? 2 : 1)}: max |ONNX − managed| {worst:E2} over {compared} rows");
    }

    [Fact]
    public void The_graphs_vmaf_equals_libvmafs_logged_vmaf_on_the_golden_frames()
    {
        // exponent 1, no correction, slope 100: the graph's output is its own vmaf_v0.6.1, checked against libvmaf's logs.
        SharedData.RequireOrSkip();
        var identity = new AnchoredMosParameters
        {
            Exponent = 1.0, CorrectionFeatures = [], CorrectionMean = [], CorrectionStd = [], CorrectionWeights = [],
            Intercept = 0.0, Slope = 100.0,
        };
        var model = new AnchoredMos(VmafModel.Load(SharedData.VmafModel), identity);
        int f = model.FeatureOrder.Count;
        using var session = new OnnxRegressorSession(AnchoredMosGraph.Export(model), RegressorSignature.OfExport(f, false, false));
        double worst = 0;
        int frames = 0;
        foreach (string pair in SharedData.GoldenPairs())
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(SharedData.GoldenLog(pair)));
            var logged = doc.RootElement.GetProperty("frames").EnumerateArray().Select(e => e.GetProperty("metrics")).ToArray();
            var x = new float[logged.Length * f];
            for (int i = 0; i < logged.Length; i++)
            {
                for (int j = 0; j < f; j++)
                    x[i * f + j] = (float)logged[i].GetProperty("integer_" + model.FeatureOrder[j]).GetDouble();
            }
            var scores = new float[logged.Length];
            session.Run(x, [], scores, []);
            for (int i = 0; i < logged.Length; i++)
            {
                double expected = logged[i].GetProperty("vmaf").GetDouble();
                Assert.True(Math.Abs(scores[i] - expected) <= 1e-4, $"{pair} frame {i}: graph vmaf {scores[i]} vs libvmaf {expected}");
                worst = Math.Max(worst, Math.Abs(scores[i] - expected));
                frames++;
            }
        }
        Assert.True(frames > 100, $"only {frames} golden frames compared");
        log.WriteLine($"graph vmaf vs libvmaf over {frames} golden frames: max |Δ| {worst:E2}");
    }

    [Fact]
    public void The_graph_uses_only_allowlisted_ops_and_passes_the_safe_loader()
    {
        SharedData.RequireOrSkip();
        var model = new AnchoredMos(VmafModel.Load(SharedData.VmafModel), Parameters(codecAware: true));
        var proto = ModelProto.Parser.ParseFrom(AnchoredMosGraph.Export(model));
        Assert.Subset(OpAllowlist.Names.ToHashSet(), proto.Graph.Node.Select(n => n.OpType).ToHashSet());
        Assert.Equal(17, Assert.Single(proto.OpsetImport).Version);

        string folder = Path.Combine(Path.GetTempPath(), $"tinyvmaf-anchored-{Guid.NewGuid():N}");
        try
        {
            var card = new ModelCard
            {
                Id = "mos_test", Onnx = "x", InputNames = ["x"], OutputNames = ["x"], FeatureOrder = ["x"], FeatureMean = [0], FeatureStd = [1],
                Target = "mos", TargetScale = [0, 100],
            };
            var written = AnchoredMosPackage.Write(folder, model, card, register: true);
            using var loaded = RegressorModel.Load(written.OnnxPath);
            Assert.True(loaded.IsCodecAware);
            Assert.Equal(model.FeatureOrder, loaded.FeatureOrder);
            var columns = model.FeatureOrder.ToDictionary(n => n, n => n switch
            {
                "adm2" => new[] { 0.93 }, "motion2" => [6.0], "psnr_y" => [41.0], _ => [0.8],
            });
            double managed = model.PredictFrame(model.FeatureOrder.Select(n => columns[n][0]).ToArray(), codec: 1);
            float loadedScore = loaded.Predict(columns, "hevc").Scores[0];
            Assert.True(Math.Abs(loadedScore - managed) <= 1e-4, $"loaded model {loadedScore} vs managed {managed}");
        }
        finally
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }
}
