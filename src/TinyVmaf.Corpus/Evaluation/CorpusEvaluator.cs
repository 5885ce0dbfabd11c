using System.Text.Json.Serialization;
using TinyVmaf.Model.Codecs;
using TinyVmaf.Model.Evaluation;
using TinyVmaf.Model.Onnx;

namespace TinyVmaf.Corpus.Evaluation;

/// <summary>Where a codec-aware model's codec comes from during <c>evaluate</c>.</summary>
public enum CodecSource
{
    /// <summary>The corpus's <c>codec</c> column, per video.</summary>
    Corpus,

    /// <summary><c>unknown</c> for every video: how the model does when it is not told the codec.</summary>
    Unknown,
}

/// <summary>
/// <c>evaluate</c>'s report (ARCHITECTURE.md, "Evaluation report"): a model against a corpus's opinion scores at video
/// level (a video's MOS against the mean of its frames' predictions), beside the corpus's own <c>vmaf</c> pooled the
/// same way, pooled over every video, per codec and per dataset.
/// </summary>
public sealed record EvaluationReport(
    [property: JsonPropertyName("model_id")] string ModelId,
    [property: JsonPropertyName("corpus")] string Corpus,
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("codec_from")] string CodecFrom,
    [property: JsonPropertyName("features")] IReadOnlyList<string> Features,
    [property: JsonPropertyName("videos")] int Videos,
    [property: JsonPropertyName("frames")] int Frames,
    [property: JsonPropertyName("model")] MetricSet Model,
    [property: JsonPropertyName("baseline_vmaf"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] MetricSet? BaselineVmaf,
    [property: JsonPropertyName("per_codec")] IReadOnlyDictionary<string, GroupEvaluation> PerCodec,
    [property: JsonPropertyName("per_dataset")] IReadOnlyDictionary<string, GroupEvaluation> PerDataset,
    [property: JsonPropertyName("notes")] IReadOnlyList<string> Notes,
    [property: JsonPropertyName("predictions")] IReadOnlyList<VideoPrediction> Predictions);

/// <summary>One group of videos (a codec, a dataset): the model and the baseline on them.</summary>
public sealed record GroupEvaluation(
    [property: JsonPropertyName("n")] int Count,
    [property: JsonPropertyName("model")] MetricSet Model,
    [property: JsonPropertyName("baseline_vmaf"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] MetricSet? BaselineVmaf);

/// <summary>One video: its opinion score and the mean over its frames of the model's prediction and of <c>vmaf</c>.</summary>
public sealed record VideoPrediction(
    [property: JsonPropertyName("dataset")] string Dataset,
    [property: JsonPropertyName("unit")] string Unit,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("codec")] string Codec,
    [property: JsonPropertyName("frames")] int Frames,
    [property: JsonPropertyName("mos")] double Mos,
    [property: JsonPropertyName("model")] double Model,
    [property: JsonPropertyName("vmaf"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Vmaf);

/// <summary>
/// <c>evaluate</c>: runs a regressor on every frame of a corpus and measures it against the corpus's opinion scores,
/// per video, beside the zero-shot VMAF the corpus's logs hold. A video is (dataset, <c>dis_basename</c>).
/// </summary>
public static class CorpusEvaluator
{
    /// <summary>
    /// Evaluates <paramref name="model"/> on <paramref name="corpus"/> (read from <paramref name="corpusPath"/>, which
    /// messages name). Throws <see cref="InvalidDataException"/> naming the file when the corpus has no <c>mos</c> or
    /// lacks a feature the model reads.
    /// </summary>
    public static EvaluationReport Evaluate(CorpusTable corpus, string corpusPath, RegressorModel model, CodecSource codecFrom = CodecSource.Corpus)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(model);
        RequireMos(corpus, corpusPath);
        var columns = ModelColumns(corpus, corpusPath, model.Id, model.FeatureOrder);
        string unknown = CodecVocabulary.Names[CodecVocabulary.Unknown];
        var codecs = codecFrom == CodecSource.Unknown ? Enumerable.Repeat<string?>(unknown, corpus.RowCount).ToArray() : corpus.Codecs.ToArray<string?>();
        var prediction = model.Predict(columns, codecs);
        var perFrame = Array.ConvertAll(prediction.Scores, s => (double)s);

        string codecNote = !model.IsCodecAware ? "ignored (codec-blind model)" : codecFrom == CodecSource.Unknown ? "unknown" : "corpus";
        var usable = new bool[corpus.RowCount];
        for (int r = 0; r < usable.Length; r++)
        {
            usable[r] = model.FeatureOrder.All(f => double.IsFinite(columns[f][r]));
        }

        return Pool(corpus, corpusPath, model.Id, model.FeatureOrder, perFrame, usable, codecNote);
    }

    /// <summary>Refuses a corpus without opinion scores: there is nothing to evaluate against.</summary>
    internal static void RequireMos(CorpusTable corpus, string corpusPath)
    {
        if (!corpus.HasLabel(CorpusColumns.Mos))
        {
            throw new InvalidDataException(
                $"{corpusPath}: the corpus has no 'mos' column; evaluate measures a model against opinion scores (import the dataset with its MOS table)");
        }
    }

    /// <summary>
    /// The model's inputs from the corpus's columns, by the sidecar's feature order: FULL_FEATURES names from the
    /// feature columns, and <c>vmaf</c> (a model may take the VMAF teacher's score as a named input) from the label
    /// column of that name.
    /// </summary>
    internal static Dictionary<string, double[]> ModelColumns(CorpusTable corpus, string corpusPath, string modelId, IReadOnlyList<string> featureOrder)
    {
        var columns = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (string name in featureOrder)
        {
            if (corpus.HasFeature(name))
            {
                columns[name] = corpus.FeatureArray(name);
            }
            else if (name == CorpusColumns.Vmaf && corpus.Vmaf is { } vmaf)
            {
                columns[name] = vmaf.ToArray();
            }
            else
            {
                missing.Add(name);
            }
        }

        if (missing.Count > 0)
        {
            throw new InvalidDataException(
                $"{corpusPath}: the corpus lacks feature(s) {string.Join(", ", missing)} that model '{modelId}' reads " +
                $"(it reads {string.Join(", ", featureOrder)}; the corpus has {string.Join(", ", corpus.FeatureNames.DefaultIfEmpty("none"))})");
        }

        return columns;
    }

    /// <summary>
    /// Pools per-frame predictions into videos (the mean over the video's usable frames) and measures them, and the
    /// corpus's <c>vmaf</c> pooled over the same frames, against each video's MOS. Frames marked unusable (a
    /// non-finite input) are left out, and a video with none is left out; the notes count both.
    /// </summary>
    internal static EvaluationReport Pool(
        CorpusTable corpus, string corpusPath, string modelId, IReadOnlyList<string> features, double[] perFrame, bool[] usable, string codecFrom)
    {
        RequireMos(corpus, corpusPath);
        var mos = corpus.Mos!;
        var vmaf = corpus.Vmaf;
        var notes = new List<string>();
        var videos = new Dictionary<(string Dataset, string Unit), Accumulator>();
        var order = new List<(string, string)>();
        int skippedFrames = 0;
        for (int r = 0; r < corpus.RowCount; r++)
        {
            var key = (corpus.Datasets[r], corpus.Units[r]);
            if (!videos.TryGetValue(key, out var video))
            {
                video = new Accumulator(corpus.Sources[r], corpus.Codecs[r]);
                videos[key] = video;
                order.Add(key);
            }

            video.AllFrames++;
            if (!usable[r] || !double.IsFinite(perFrame[r]))
            {
                skippedFrames++;
                continue;
            }

            video.Frames++;
            video.Model += perFrame[r];
            video.Mos += mos[r];
            if (vmaf is not null)
            {
                video.Vmaf += vmaf[r];
            }
        }

        var points = new List<VideoPrediction>();
        int emptyVideos = 0;
        foreach (var key in order)
        {
            var v = videos[key];
            if (v.Frames == 0)
            {
                emptyVideos++;
                continue;
            }

            points.Add(new VideoPrediction(key.Item1, key.Item2, v.Source, v.Codec, v.Frames, v.Mos / v.Frames, v.Model / v.Frames,
                vmaf is null ? null : v.Vmaf / v.Frames));
        }

        if (skippedFrames > 0)
        {
            notes.Add($"{skippedFrames} frame(s) with a non-finite model input or prediction were left out of their video's mean");
        }

        if (emptyVideos > 0)
        {
            notes.Add($"{emptyVideos} video(s) had no usable frame and were left out");
        }

        if (vmaf is null)
        {
            notes.Add("the corpus has no 'vmaf' column: no zero-shot VMAF baseline");
        }
        else if (points.Any(p => !double.IsFinite(p.Vmaf!.Value)))
        {
            notes.Add("'vmaf' is not finite on some frames: the baseline is undefined (null) where they count");
        }

        if (corpus.Metadata.TryGetValue(Import.CorpusImporter.MosScaleKey, out string? scale))
        {
            notes.Add($"mos is on 0..100, rescaled from {scale}");
        }

        if (points.Count == 0)
        {
            throw new InvalidDataException($"{corpusPath}: no video has a frame the model could score");
        }

        var model = points.Select(p => p.Model).ToArray();
        var videoMos = points.Select(p => p.Mos).ToArray();
        var videoVmaf = vmaf is null ? null : points.Select(p => p.Vmaf!.Value).ToArray();
        GroupEvaluation Group(int[] group) =>
            new(group.Length, GroupMetrics.On(model, videoMos, group), videoVmaf is null ? null : GroupMetrics.On(videoVmaf, videoMos, group));
        Dictionary<string, GroupEvaluation> PerGroup(Func<VideoPrediction, string> key) =>
            GroupMetrics.Split(Enumerable.Range(0, points.Count), i => key(points[i]), StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => Group(g.Points), StringComparer.Ordinal);

        var pooled = Group(Enumerable.Range(0, points.Count).ToArray());
        return new EvaluationReport(
            modelId,
            Path.GetFileName(corpusPath),
            CorpusColumns.Mos,
            codecFrom,
            features,
            points.Count,
            points.Sum(p => p.Frames),
            pooled.Model,
            pooled.BaselineVmaf,
            PerGroup(p => p.Codec),
            PerGroup(p => p.Dataset),
            notes,
            points);
    }

    private sealed class Accumulator(string source, string codec)
    {
        public string Source { get; } = source;

        public string Codec { get; } = codec;

        public int AllFrames { get; set; }

        public int Frames { get; set; }

        public double Model { get; set; }

        public double Mos { get; set; }

        public double Vmaf { get; set; }
    }
}
