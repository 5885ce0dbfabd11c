using System.Diagnostics;
using System.Globalization;
using TinyVmaf.Features;
using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Video;
using TinyVmaf.Model.Teacher;

// Throughput harness: frames per second of our extractors on a generated 1920x1080 8-bit 4:2:0 pair,
// on 1 and 2 threads, and — when VMAF_BIN points at a libvmaf CLI — libvmaf's on the same clip in the
// same run, with the ratio. Speed is only ever measured here, never in unit tests.
//
//   dotnet run -c Release --project bench/TinyVmaf.Bench -- [--frames 48] [--sets canonical,adm,vif,...]
//   ... -- --profile [--vmaf-model NAME|FILE]     where one thread's time goes, per extractor instance
//   ... -- --whole-process [--models A,B]         tinyvmaf extract vs VMAF_BIN as whole processes, alternating
var arguments = Args.Parse(args);
int frames = arguments.Int("--frames", 48);
bool profileOnly = args.Contains("--profile");
string work = Path.Combine(Path.GetTempPath(), "tinyvmaf-bench");
Directory.CreateDirectory(work);
var (reference, distorted) = BenchClip.Ensure(work, frames);
Console.WriteLine($"clip: {reference} vs {distorted}, {frames} frames of 1920x1080 yuv420p");

string? vmafBin = Environment.GetEnvironmentVariable("VMAF_BIN");
if (args.Contains("--whole-process"))
{
    WholeProcess.Run(vmafBin, reference, distorted, arguments);
    return;
}

// --vmaf-model as libvmaf's --model names it (a file, or a built-in name looked up in the repository's models/).
string? shippedModels = new[] { "models", "../models", "../../models" }.Select(Path.GetFullPath).FirstOrDefault(Directory.Exists);
var teacher = arguments.Text("--vmaf-model", null) is { } named
    ? VmafModel.Load(VmafModelSpec.Parse(named), shippedModels)
    : new[] { "../shared/models/vmaf_v0.6.1.json", "../../shared/models/vmaf_v0.6.1.json", "models/vmaf_v0.6.1.json" }
        .Select(Path.GetFullPath).Where(File.Exists).Select(path => VmafModel.Load(path)).FirstOrDefault();
string? vmafModel = teacher?.Path;
Console.WriteLine(teacher is null ? "vmaf model: none (give --vmaf-model to include the vmaf score in 'canonical')" : $"vmaf model: {vmafModel}");
if (args.Contains("--kernels"))
{
    KernelBench.Run(reference, distorted);
    return;
}

if (profileOnly)
{
    StageProfile.Run(reference, distorted, teacher, frames);
    return;
}

var sets = arguments.Text("--sets", "canonical")!.Split(',', StringSplitOptions.RemoveEmptyEntries);
var threadCounts = arguments.Text("--threads", "1,2")!.Split(',').Select(int.Parse).ToArray();

Console.WriteLine();
Console.WriteLine($"{"job",-16} {"threads",7} {"tinyvmaf fps",13} {"libvmaf fps",12} {"ratio",7} {"tinyvmaf cpu s",15}");
foreach (string set in sets)
{
    var job = BenchJob.For(set);
    if (job.Features.Any(f => ExtractorRegistry.FindProvider(f) is null))
    {
        Console.WriteLine($"{set,-16} (not implemented yet)");
        continue;
    }

    foreach (int threads in threadCounts)
    {
        double ours = BenchJob.MeasureOurs(reference, distorted, job, threads, frames, job.WithVmaf ? teacher : null);
        double? theirs = vmafBin is null ? null : BenchJob.MeasureLibvmaf(vmafBin, reference, distorted, job, threads, frames, vmafModel);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{set,-16} {threads,7} {ours,13:F1} {(theirs is null ? "-" : theirs.Value.ToString("F1", CultureInfo.InvariantCulture)),12} {(theirs is null ? "-" : (ours / theirs.Value).ToString("F2", CultureInfo.InvariantCulture)),7} {BenchJob.LastProcessorSeconds,15:F3}"));
    }
}

ModelBench.Run(arguments.Text("--model", null));

if (vmafBin is null)
{
    Console.WriteLine("\n(set VMAF_BIN to a libvmaf CLI to measure libvmaf on the same clip and print ratios)");
}

internal sealed record BenchJob(string Name, IReadOnlyList<string> Features, IReadOnlyList<string> LibvmafFeatures, bool WithVmaf)
{
    public static BenchJob For(string set) => set switch
    {
        "canonical" => new(set, FeatureNames.Canonical6, [], WithVmaf: true),
        "full" => new(set, FeatureNames.Full,
            ["adm", "vif", "motion", "psnr", "float_ssim", "float_ms_ssim", "cambi", "ciede", "psnr_hvs", "ssimulacra2"], WithVmaf: false),
        _ => new(set, ExtractorRegistry.FindByName(set)?.Keys.Select(FeatureNames.FromLibvmafKey).OfType<string>().ToArray()
                      ?? throw new ArgumentException($"unknown job '{set}': canonical, full, or an extractor name"),
                 [LibvmafName(set)], WithVmaf: false),
    };

    private static string LibvmafName(string extractor) => extractor switch
    {
        "ciede2000" => "ciede",
        _ => extractor,
    };

    /// <summary>Processor time (all threads) of the best in-process pass of the last <see cref="MeasureOurs"/>.</summary>
    public static double LastProcessorSeconds { get; private set; }

    public static double MeasureOurs(string reference, string distorted, BenchJob job, int threads, int frames, VmafModel? teacher)
    {
        // One untimed warm-up pass so that tiered JIT has settled, then the best of two timed passes.
        Run(reference, distorted, job, threads, teacher);
        double best = double.MaxValue, bestProcessor = double.MaxValue;
        for (int i = 0; i < 2; i++)
        {
            var processor = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            Run(reference, distorted, job, threads, teacher);
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
            bestProcessor = Math.Min(bestProcessor, (Process.GetCurrentProcess().TotalProcessorTime - processor).TotalSeconds);
        }

        LastProcessorSeconds = bestProcessor;
        return frames / best;
    }

    private static void Run(string reference, string distorted, BenchJob job, int threads, VmafModel? teacher)
    {
        using var r = Y4mReader.Open(reference);
        using var d = Y4mReader.Open(distorted);
        var table = FeaturePipeline.Run(r, d, new ExtractionOptions { Features = job.Features, Threads = threads });
        teacher?.PredictFrames(key => table.Column(key));
    }

    public static double MeasureLibvmaf(string bin, string reference, string distorted, BenchJob job, int threads, int frames, string? model)
    {
        var args = new List<string> { "-r", reference, "-d", distorted, "--threads", threads.ToString(CultureInfo.InvariantCulture), "-q", "-o", "/dev/null", "--json" };
        if (job.WithVmaf)
        {
            args.AddRange(model is null ? ["-m", "version=vmaf_v0.6.1"] : ["-m", $"path={model}"]);
        }
        else
        {
            args.Add("--no_prediction");
            foreach (string feature in job.LibvmafFeatures)
            {
                args.AddRange(["--feature", feature]);
            }
        }

        double best = double.MaxValue;
        for (int i = 0; i < 2; i++)
        {
            var start = new ProcessStartInfo(bin) { RedirectStandardError = true, RedirectStandardOutput = true };
            args.ForEach(start.ArgumentList.Add);
            var clock = Stopwatch.StartNew();
            using var process = Process.Start(start)!;
            string err = process.StandardError.ReadToEnd();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"libvmaf failed: {err}");
            }

            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }

        return frames / best;
    }
}

internal static class BenchClip
{
    /// <summary>
    /// A 1080p reference (ffmpeg's mandelbrot zoom, natural-looking detail and motion) and its x264 CRF 35
    /// encode decoded back, both as Y4M, cached between runs.
    /// </summary>
    public static (string Reference, string Distorted) Ensure(string dir, int frames)
    {
        string reference = Path.Combine(dir, $"ref_1080p_{frames}.y4m");
        string distorted = Path.Combine(dir, $"dis_1080p_{frames}.y4m");
        if (!File.Exists(reference) || !File.Exists(distorted))
        {
            Ffmpeg("-f", "lavfi", "-i", "mandelbrot=size=1920x1080:rate=24,format=yuv420p", "-frames:v", frames.ToString(CultureInfo.InvariantCulture), "-f", "yuv4mpegpipe", reference + ".tmp");
            File.Move(reference + ".tmp", reference, true);
            Ffmpeg("-i", reference, "-c:v", "libx264", "-crf", "35", "-preset", "veryfast", Path.Combine(dir, "dis.mp4"));
            Ffmpeg("-i", Path.Combine(dir, "dis.mp4"), "-f", "yuv4mpegpipe", "-pix_fmt", "yuv420p", distorted + ".tmp");
            File.Move(distorted + ".tmp", distorted, true);
        }

        return (reference, distorted);
    }

    private static void Ffmpeg(params string[] args)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true };
        foreach (string a in (string[])["-v", "error", "-y", .. args])
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        string err = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg failed: {err}");
        }
    }
}

internal sealed class Args(Dictionary<string, string> values)
{
    public static Args Parse(string[] args)
    {
        // "--name value" pairs; a flag (--profile, --kernels, --whole-process) stands alone.
        var values = new Dictionary<string, string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                values[args[i]] = args[++i];
            }
        }

        return new Args(values);
    }

    public int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public string? Text(string name, string? fallback) => values.GetValueOrDefault(name, fallback!);
}

/// <summary>
/// Model throughput: rows per second through the ONNX Runtime session on one thread, raw (already
/// standardised rows) and as scoring calls it (columns by name, standardised, clipped).
/// </summary>
internal static class ModelBench
{
    public static void Run(string? modelPath)
    {
        modelPath ??= new[] { "models/fr_regressor_v1.onnx", "../models/fr_regressor_v1.onnx" }.Select(Path.GetFullPath).FirstOrDefault(File.Exists);
        if (modelPath is null)
        {
            Console.WriteLine("\nmodel: none found (give --model PATH)");
            return;
        }

        using var model = TinyVmaf.Model.Onnx.RegressorModel.Load(modelPath, new TinyVmaf.Model.Onnx.ModelLoadOptions { MaxBatch = 4096 });
        const int rows = 1 << 20;
        int width = model.FeatureOrder.Count;
        var random = new Random(1);
        var features = new float[rows * width];
        for (int i = 0; i < features.Length; i++)
        {
            features[i] = (float)(random.NextDouble() * 4 - 2);
        }

        var codecs = new float[model.IsCodecAware ? rows * 6 : 0];
        var scores = new float[rows];
        var logVariance = new float[model.HasVariance ? rows : 0];
        model.PredictStandardised(features.AsSpan(0, 4096 * width), codecs.AsSpan(0, model.IsCodecAware ? 4096 * 6 : 0), scores.AsSpan(0, 4096), logVariance.AsSpan(0, model.HasVariance ? 4096 : 0));
        var clock = Stopwatch.StartNew();
        model.PredictStandardised(features, codecs, scores, logVariance);
        double raw = rows / clock.Elapsed.TotalSeconds;

        var columns = model.FeatureOrder.ToDictionary(name => name, name => Enumerable.Range(0, rows).Select(_ => random.NextDouble()).ToArray());
        clock.Restart();
        model.Predict(columns, "x264");
        double scored = rows / clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"\nmodel {model.Id} ({width} features), one thread: {raw / 1e6:F2} M rows/s through ONNX Runtime; {scored / 1e6:F2} M rows/s as score calls it (standardise + run + clip)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"one frame costs the model {1e6 / scored:F3} µs, whatever its size; a 1080p frame costs milliseconds of feature extraction"));
    }
}

/// <summary>
/// Where one thread's time goes on the bench clip: reading and widening the frames, each extractor alone on
/// frames already in memory, the model and the log writing. The extractors are the model's own instances
/// (<c>--vmaf-model</c>), or canonical-6 without one. Run with <c>--profile</c>.
/// </summary>
internal static class StageProfile
{
    public static void Run(string reference, string distorted, VmafModel? teacher, int frames)
    {
        var options = teacher is null
            ? new ExtractionOptions { Features = FeatureNames.Canonical6, Threads = 1 }
            : new ExtractionOptions
            {
                Extractors = teacher.Extractors.Select(i => new ExtractorRequest(i.Extractor, i.Options, i.KeySuffix)).ToArray(),
                Threads = 1,
            };
        var descriptors = FeaturePipeline.Descriptors(options);
        FrameFormat format;
        using (var probe = Y4mReader.Open(reference))
        {
            format = probe.Format;
        }

        // Reading both files end to end into frames as a run's readers fill them (8-bit samples kept as bytes).
        double read = Best(() =>
        {
            using var r = Y4mReader.Open(reference);
            using var d = Y4mReader.Open(distorted);
            var fr = Frame.ForSource(r);
            var fd = Frame.ForSource(d);
            while (r.ReadFrame(fr) && d.ReadFrame(fd))
            {
            }
        });

        // Frames in memory for the extractors (a window of them, cycled to make up the clip's length), kept as
        // the readers of a run keep them (8-bit samples as bytes), so that a row measures the kernel a run uses;
        // the first extractor that asks for 16-bit samples widens each frame once, in its warm-up.
        int cached = Math.Min(frames, 12);
        var pairs = new FramePair[cached];
        using (var r = Y4mReader.Open(reference))
        using (var d = Y4mReader.Open(distorted))
        {
            for (int i = 0; i < cached; i++)
            {
                pairs[i] = new FramePair(Frame.ForSource(r), Frame.ForSource(d), i);
                r.ReadFrame(pairs[i].Reference);
                d.ReadFrame(pairs[i].Distorted);
            }
        }

        var rows = new List<(string Stage, double Seconds)> { ("read (2 x Y4M)", read) };
        var context = new ExtractorContext(format, KernelPath.Auto);
        foreach (var descriptor in descriptors)
        {
            double seconds = Best(() =>
            {
                using var extractor = descriptor.Create(context);
                var table = new FeatureTable(descriptor.Keys);
                var sink = new TableSink(table);
                for (int i = 0; i < frames; i++)
                {
                    extractor.Extract(pairs[i % cached] with { Index = i }, sink);
                }

                extractor.Flush(sink);
            });
            rows.Add((descriptor.Name, seconds));
        }

        FeatureTable full;
        using (var r = Y4mReader.Open(reference))
        using (var d = Y4mReader.Open(distorted))
        {
            full = FeaturePipeline.Run(r, d, options);
        }

        if (teacher is not null)
        {
            rows.Add(("model " + Path.GetFileNameWithoutExtension(teacher.Path), Best(() => teacher.ScoreFrames(key => full.Column(key)))));
        }

        rows.Add(("write JSON log", Best(() => TinyVmaf.Features.Logs.LibvmafLogWriter.Write(Stream.Null, full, TinyVmaf.Features.Logs.LogFormat.Json, new TinyVmaf.Features.Logs.LogMetadata { Fps = 24, Width = format.Width, Height = format.Height }))));
        double total = rows.Sum(r => r.Seconds);
        Console.WriteLine($"\n{"stage (processor time)",-28} {"ms total",10} {"ms/frame",9} {"share",6}");
        foreach (var (stage, seconds) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{stage,-28} {seconds * 1e3,10:F1} {seconds * 1e3 / frames,9:F2} {seconds / total,6:P0}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"sum (one thread, warm)",-28} {total * 1e3,10:F1} {total * 1e3 / frames,9:F2}"));
    }

    /// <summary>
    /// One warm-up, then the best of three, in processor time of the process (not wall time): on a machine
    /// shared with other work, the time the stage was actually given a core is the steadier measure.
    /// </summary>
    private static double Best(Action action)
    {
        action();
        double best = double.MaxValue;
        for (int i = 0; i < 3; i++)
        {
            var before = Process.GetCurrentProcess().TotalProcessorTime;
            action();
            best = Math.Min(best, (Process.GetCurrentProcess().TotalProcessorTime - before).TotalSeconds);
        }

        return best;
    }

    private sealed class TableSink(FeatureTable table) : IFeatureSink
    {
        public void Write(int frameIndex, string libvmafKey, double value) => table.Write(frameIndex, libvmafKey, value);
    }
}

/// <summary>
/// The vector kernels of one extractor against each other on the same frame, in one process, alternating
/// rounds so that a busy machine weighs on each alike: processor milliseconds per frame, median of rounds.
/// </summary>
internal static class KernelBench
{
    public static void Run(string reference, string distorted)
    {
        using var r = Y4mReader.Open(reference);
        using var d = Y4mReader.Open(distorted);
        var fr = new Frame(r.Format);
        var fd = new Frame(d.Format);
        r.ReadFrame(fr);
        d.ReadFrame(fd);
        int width = r.Format.Width, height = r.Format.Height, depth = r.Format.BitDepth;
        var candidates = new List<(string Name, Action Run)>();
        var sums = new TinyVmaf.Features.Vif.VifAccumulator[4];
        void Vif(string name, TinyVmaf.Features.Vif.IVifKernel kernel)
        {
            var pyramid = new TinyVmaf.Features.Vif.VifPyramid(width, height, depth, kernel);
            candidates.Add((name, () => pyramid.Compute(fr.Y.Data, fd.Y.Data, width, sums)));
        }

        Vif("vif avx2", new TinyVmaf.Features.Vif.VifVectorKernel(width));
        if (TinyVmaf.Features.Vif.VifVector512Kernel.IsSupported)
        {
            Vif("vif avx512", new TinyVmaf.Features.Vif.VifVector512Kernel(width));
        }

        // ADM's scale-0 DWT (one generic kernel) at both widths; 50 calls per frame because one call (~0.3 ms)
        // is below the resolution of the processor clock.
        var admRows = new TinyVmaf.Features.Adm.AdmDwtTaps(height);
        var admCols = new TinyVmaf.Features.Adm.AdmDwtTaps(width);
        var admBands = new TinyVmaf.Features.Adm.AdmBands<short>(admCols.OutputLength, admRows.OutputLength, withApproximation: true);
        var admLo = new short[TinyVmaf.Features.Adm.AdmDwtSimd.Scale0ScratchLength(width)];
        var admHi = new short[admLo.Length];
        if (TinyVmaf.Features.Adm.AdmDwtSimd.Scale0Handles(depth))
        {
            candidates.Add(("adm dwt0 avx2 x50", () =>
            {
                for (int k = 0; k < 50; k++)
                {
                    TinyVmaf.Features.Adm.AdmDwtSimd.Scale0(fr.Y.Data, width, depth, admRows, admCols, admLo, admHi, admBands);
                }
            }));
        }

        if (TinyVmaf.Features.Adm.AdmDwtAvx512.Scale0Handles(depth))
        {
            candidates.Add(("adm dwt0 avx512 x50", () =>
            {
                for (int k = 0; k < 50; k++)
                {
                    TinyVmaf.Features.Adm.AdmDwtAvx512.Scale0(fr.Y.Data, width, depth, admRows, admCols, admLo, admHi, admBands);
                }
            }));
        }

        // Motion's SAD between the first two reference frames (libvmaf 3.2's motion, fused row kernel): on 16-bit
        // samples, and as a run of 8-bit video calls it, its history held as bytes and the frame widened ("words")
        // or as its reader keeps it ("bytes").
        var fr1 = Frame.ForSource(r);
        r.ReadFrame(fr1);
        var motionRow = new short[TinyVmaf.Features.Motion.MotionDiffSimd.ScratchLength(width)];
        var motionCopy = new ushort[width * height];
        var motionHistory = Array.ConvertAll(fr.Y.Data, v => (byte)v);
        var motionByteCopy = new byte[width * height];
        void Motion<TLanes, TShort, TInt>(string name)
            where TLanes : struct, TinyVmaf.Features.Motion.IMotionDiffLanes<TShort, TInt>
            where TShort : struct
            where TInt : struct
        {
            candidates.Add((name, () => TinyVmaf.Features.Motion.MotionDiffSimd.Sad<TLanes, TShort, TInt>(
                fr.Y.Data, fr.Y.Stride, fr1.Y.Data, fr1.Y.Stride, width, height, depth, motionRow, motionCopy)));
            if (fr1.Y.Bytes is { } bytes)
            {
                candidates.Add((name + " 8-bit words", () => TinyVmaf.Features.Motion.MotionDiffSimd.Sad<TLanes, TShort, TInt, byte, ushort>(
                    motionHistory, width, fr1.Y.Data, fr1.Y.Stride, width, height, depth, motionRow, motionByteCopy)));
                candidates.Add((name + " 8-bit bytes", () => TinyVmaf.Features.Motion.MotionDiffSimd.Sad<TLanes, TShort, TInt, byte, byte>(
                    motionHistory, width, bytes, fr1.Y.Stride, width, height, depth, motionRow, motionByteCopy)));
            }
        }

        if (TinyVmaf.Features.Motion.MotionDiffSimd.Avx2Handles(depth, width))
        {
            Motion<TinyVmaf.Features.Motion.MotionDiffSimd.Avx2Lanes, System.Runtime.Intrinsics.Vector256<short>, System.Runtime.Intrinsics.Vector256<int>>("motion avx2");
        }

        if (TinyVmaf.Features.Motion.MotionDiffSimd.Avx512Handles(depth, width))
        {
            Motion<TinyVmaf.Features.Motion.MotionDiffSimd.Avx512Lanes, System.Runtime.Intrinsics.Vector512<short>, System.Runtime.Intrinsics.Vector512<int>>("motion avx512");
        }

        // The FULL_FEATURES motion's blur and SAD against the previous blur (fused kernel where the CPU has one),
        // on a plane of 16-bit samples and, for 8-bit video, on the same samples kept as bytes.
        var blur = new TinyVmaf.Features.Motion.MotionBlur(width, height, depth, useSimd: true);
        var blurred = new ushort[width * height];
        var blurredBefore = new ushort[width * height];
        var words = new Frame(r.Format);
        fr1.Y.Data.CopyTo(words.Y.Data, 0);
        candidates.Add(("motion blur+sad", () =>
        {
            blur.BlurAndSad(words.Y, blurred, blurredBefore);
            (blurred, blurredBefore) = (blurredBefore, blurred);
        }));
        if (fr1.Y.Bytes is not null)
        {
            candidates.Add(("motion blur+sad bytes", () =>
            {
                blur.BlurAndSad(fr1.Y, blurred, blurredBefore);
                (blurred, blurredBefore) = (blurredBefore, blurred);
            }));
        }

        // SpEED with VMAF v1.0.16's options on both chroma planes of the frame (what speed_chroma does per frame).
        var speedOptions = new TinyVmaf.Features.Speed.SpeedOptions { NnFloor = 0.1, SigmaNn = 0.19, WeightVarMode = 5, MaxVal = 45 };
        var speed = new TinyVmaf.Features.Speed.SpeedEstimator(fr.U.Width, fr.U.Height, speedOptions, useSimd: true);
        candidates.Add(("speed chroma", () =>
        {
            speed.Score(fr.U.Data, fr.U.Stride, fd.U.Data, fd.U.Stride, depth, out _);
            speed.Score(fr.V.Data, fr.V.Stride, fd.V.Data, fd.V.Stride, depth, out _);
        }));
        var times = candidates.Select(_ => new List<double>()).ToArray();
        for (int round = 0; round < 9; round++)
        {
            for (int c = 0; c < candidates.Count; c++)
            {
                candidates[c].Run();
                var before = Process.GetCurrentProcess().TotalProcessorTime;
                for (int i = 0; i < 5; i++)
                {
                    candidates[c].Run();
                }

                times[c].Add((Process.GetCurrentProcess().TotalProcessorTime - before).TotalMilliseconds / 5);
            }
        }

        for (int c = 0; c < candidates.Count; c++)
        {
            var sorted = times[c].Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{candidates[c].Name,-24} {sorted[sorted.Length / 2],8:F2} ms/frame (processor, median of {sorted.Length})"));
        }
    }
}

/// <summary>
/// The comparison the speed issue is judged by: <c>tinyvmaf extract --vmaf-model M</c> and libvmaf's CLI with
/// <c>-m version=M</c> as whole processes (start-up, reading, extraction, model, log) on the bench clip, run
/// alternately so that both see the same machine, medians of wall and processor time (user + system of the
/// child, from <c>getrusage</c>) and of the child's minor page faults (memory touched for the first time, whose
/// cost is system time). Run with <c>--whole-process</c> and VMAF_BIN set:
/// <code>VMAF_BIN=/tmp/libvmaf/build/tools/vmaf dotnet run -c Release --project bench/TinyVmaf.Bench -- --whole-process
///     [--models vmaf_v0.6.1,vmaf_v1.0.16_3d0h] [--threads 1,2] [--rounds 5] [--tinyvmaf ./tinyvmaf]</code>
/// </summary>
internal static class WholeProcess
{
    public static void Run(string? vmafBin, string reference, string distorted, Args arguments)
    {
        if (vmafBin is null)
        {
            Console.WriteLine("--whole-process needs VMAF_BIN: the libvmaf CLI to compare with");
            return;
        }

        string tinyvmaf = Path.GetFullPath(arguments.Text("--tinyvmaf", null)
            ?? new[] { "tinyvmaf", "../tinyvmaf", "../../tinyvmaf" }.First(File.Exists));
        var models = arguments.Text("--models", "vmaf_v0.6.1,vmaf_v1.0.16_3d0h")!.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var threads = arguments.Text("--threads", "1,2")!.Split(',').Select(int.Parse).ToArray();
        int rounds = arguments.Int("--rounds", 5);
        string output = Path.Combine(Path.GetTempPath(), "tinyvmaf-bench", "whole-process.json");

        // The launcher builds on first use; that is not what is measured.
        Time(tinyvmaf, ["--version"]);
        Console.WriteLine($"tinyvmaf: {tinyvmaf}\nlibvmaf:  {vmafBin}\nrounds: {rounds}, alternating; medians\n");
        Console.WriteLine($"{"model",-20} {"threads",7} {"libvmaf s",10} {"tinyvmaf s",11} {"ratio",6} {"libvmaf cpu",12} {"tinyvmaf cpu",13} {"cpu ratio",10} {"faults k",15}");
        foreach (string model in models)
        {
            foreach (int t in threads)
            {
                string count = t.ToString(CultureInfo.InvariantCulture);
                var theirs = new List<(double Wall, double Cpu, double Faults)>();
                var ours = new List<(double Wall, double Cpu, double Faults)>();
                for (int round = 0; round < rounds; round++)
                {
                    theirs.Add(Time(vmafBin, ["-r", reference, "-d", distorted, "--threads", count, "-q", "--json", "-o", output, "-m", $"version={model}"]));
                    ours.Add(Time(tinyvmaf, ["extract", "-r", reference, "-d", distorted, "--vmaf-model", model, "--threads", count, "-o", output]));
                }

                double wallTheirs = Median(theirs.Select(x => x.Wall)), wallOurs = Median(ours.Select(x => x.Wall));
                double cpuTheirs = Median(theirs.Select(x => x.Cpu)), cpuOurs = Median(ours.Select(x => x.Cpu));
                double faultsTheirs = Median(theirs.Select(x => x.Faults)) / 1000, faultsOurs = Median(ours.Select(x => x.Faults)) / 1000;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{model,-20} {t,7} {wallTheirs,10:F3} {wallOurs,11:F3} {wallTheirs / wallOurs,6:F2} {cpuTheirs,12:F3} {cpuOurs,13:F3} {cpuTheirs / cpuOurs,10:F2} {faultsTheirs,7:F1} {faultsOurs,7:F1}"));
            }
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static (double Wall, double Cpu, double Faults) Time(string program, string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        var before = Children();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        double wall = clock.Elapsed.TotalSeconds;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({process.ExitCode}): {stderr.Result}");
        }

        var after = Children();
        return (wall, after.Cpu - before.Cpu, after.MinorFaults - before.MinorFaults);
    }

    /// <summary>User + system time and minor page faults of the waited-for children so far.</summary>
    private static unsafe (double Cpu, long MinorFaults) Children()
    {
        const int RusageChildren = -1;
        long* usage = stackalloc long[18];
        if (getrusage(RusageChildren, usage) != 0)
        {
            throw new InvalidOperationException("getrusage failed");
        }

        // struct rusage: ru_utime, ru_stime (timevals), ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, ...
        return (usage[0] + usage[1] * 1e-6 + usage[2] + usage[3] * 1e-6, usage[8]);
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern unsafe int getrusage(int who, long* usage);
}
