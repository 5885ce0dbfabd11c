using System.CommandLine;
using TinyVmaf.Features.Logs;
using TinyVmaf.Model.Onnx;
using TinyVmaf.Scoring;
using TinyVmaf.Scoring.Models;

namespace TinyVmaf.Cli.Commands;

/// <summary><c>tinyvmaf predict</c>: run a model on the features of an existing libvmaf log; no video needed.</summary>
internal sealed class PredictCommand : Command
{
    private readonly Option<string?> _model = new("--model", "-m")
    {
        Description = "A shipped model's id, or an ONNX regressor (.onnx, its .json sidecar, or a folder holding one), ours or the lusoris fork's. Default: the registry's default",
    };

    private readonly Option<string> _log = new("--log") { Description = "A libvmaf JSON log with the model's features", Required = true };

    private readonly Option<string?> _codec = new("--codec")
    {
        Description = "The distorted video's codec, for a codec-aware model (x264, x265, libsvtav1, libvvenc, libvpx-vp9, unknown, or an alias)",
    };

    private readonly Option<string?> _output = new("--output", "-o") { Description = "Log file to write (default: stdout)" };

    private readonly Option<string?> _format = LogFormats.CreateOption();

    public PredictCommand()
        : base("predict", "Score the frames of an existing libvmaf log with a model")
    {
        Options.Add(_model);
        Options.Add(_log);
        Options.Add(_codec);
        Options.Add(_output);
        Options.Add(_format);
        SetAction((parse, cancel) => CliRun.Guard(parse, (stdout, stderr, _) =>
        {
            var log = LibvmafLog.Read(parse.GetRequiredValue(_log));
            string codec = VmafScorer.ParseCodec(parse.GetValue(_codec) ?? "unknown") ?? throw new ArgumentException("--codec auto needs a video; predict reads a log: name the codec");
            using var model = RegressorModel.Load(ShippedModels.Resolve(parse.GetValue(_model)));
            CliRun.NoticeIfUnregistered(stderr, model.Id, model.OnnxPath, model.Sha256, model.IsRegistered);
            var columns = ModelScorer.FeatureColumns(model, log.Frames, log.Path);

            var table = new Features.Extraction.FeatureTable([]);
            foreach (var (name, values) in columns)
            {
                table.SetColumn(LogKeyMap.Find(name, log.Frames.HasKey)!, values);
            }

            ModelScorer.AddScores(model, table, codec, log.Path);
            var metadata = new LogMetadata
            {
                Fps = log.Fps,
                Extra = [new("model", model.Id), new("codec", model.IsCodecAware ? codec : "ignored (codec-blind model)")],
            };
            string? output = parse.GetValue(_output);
            var format = LogFormats.Resolve(parse.GetValue(_format), output);
            LogOutput.Write(table, format, metadata, output, stdout);
            var scores = table.Column(model.Id);
            stderr.WriteLine($"tinyvmaf: {model.Id}: mean {Pooling.Mean(scores):F3}, harmonic mean {Pooling.HarmonicMean(scores):F3} over {table.FrameCount} frames"
                + (output is null ? "" : $" → {output}"));
            return CliRun.Ok;
        }, cancel));
    }
}
