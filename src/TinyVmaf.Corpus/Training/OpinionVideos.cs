using TinyVmaf.Model.Anchored;
using TinyVmaf.Model.Codecs;
using TinyVmaf.Model.Teacher;

namespace TinyVmaf.Corpus.Training;

/// <summary>A corpus's rated videos as the anchored MOS model trains and is evaluated on them.</summary>
public static class OpinionVideos
{
    /// <summary>
    /// One <see cref="OpinionVideo"/> per (dataset, video) of <paramref name="corpus"/> with a MOS: the per-frame
    /// VMAF computed natively by <paramref name="vmaf"/> from the frame's own features (so the model sees what it
    /// will compute at scoring time, whatever the log's own <c>vmaf</c>), the mean of each capped correction
    /// feature, and as baseline the mean of the corpus's own <c>vmaf</c> column when it has one. Videos in
    /// <paramref name="excludeUnits"/> are left out. <paramref name="datasetOfRow"/> names each row's dataset.
    /// </summary>
    public static IReadOnlyList<OpinionVideo> Build(CorpusTable corpus, IReadOnlyList<string> datasetOfRow, VmafModel vmaf,
        IReadOnlyList<string> corrections, IReadOnlySet<string>? excludeUnits = null)
    {
        if (corpus.Mos is not { } mos)
            throw new ArgumentException("the corpus has no mos column: the anchored model learns opinion scores");
        var svrNames = AnchoredMos.VmafInputNames(vmaf);
        var missing = svrNames.Concat(corrections).Where(f => !corpus.HasFeature(f)).Distinct().ToArray();
        if (missing.Length > 0)
            throw new ArgumentException($"the corpus lacks feature(s) {string.Join(", ", missing)} (it has: {string.Join(", ", corpus.FeatureNames)})");

        var keys = vmaf.FeatureKeys;
        var svrColumns = keys.Select(k => corpus.Feature(AnchoredMos.NameOfKey(k)).ToArray()).ToArray();
        var correctionColumns = corrections.Select(f => corpus.Feature(f).ToArray()).ToArray();
        var caps = corrections.Select(AnchoredMosParameters.CapOf).ToArray();

        var rowsOfVideo = new Dictionary<(string Dataset, string Unit), List<int>>();
        var order = new List<(string, string)>();
        for (int r = 0; r < corpus.RowCount; r++)
        {
            if (excludeUnits?.Contains(corpus.Units[r]) == true || !double.IsFinite(mos[r]))
                continue;
            var key = (datasetOfRow[r], corpus.Units[r]);
            if (!rowsOfVideo.TryGetValue(key, out var rows))
            {
                rows = [];
                rowsOfVideo.Add(key, rows);
                order.Add(key);
            }
            rows.Add(r);
        }

        var videos = new List<OpinionVideo>(order.Count);
        Span<double> svr = stackalloc double[keys.Count];
        foreach (var key in order)
        {
            var rows = rowsOfVideo[key];
            var frameVmaf = new double[rows.Count];
            var means = new double[corrections.Count];
            for (int i = 0; i < rows.Count; i++)
            {
                int r = rows[i];
                for (int k = 0; k < svr.Length; k++)
                    svr[k] = svrColumns[k][r];
                frameVmaf[i] = vmaf.Predict(svr);
                for (int j = 0; j < means.Length; j++)
                    means[j] += Math.Min(correctionColumns[j][r], caps[j]);
            }
            for (int j = 0; j < means.Length; j++)
                means[j] /= rows.Count;
            int first = rows[0];
            double? baseline = corpus.Vmaf is { } v ? rows.Average(r => v[r]) : null;
            videos.Add(new OpinionVideo(key.Item1, key.Item2, corpus.Sources[first], CodecVocabulary.IndexOf(corpus.Codecs[first]),
                mos[first], frameVmaf, means, baseline));
        }
        return videos;
    }
}
