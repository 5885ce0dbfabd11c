using TinyVmaf.Scoring.Models;
using TinyVmaf.Features.Extraction;
using TinyVmaf.Model.Teacher;

namespace TinyVmaf.Cli.Commands;

/// <summary>
/// <c>--vmaf-model</c>: libvmaf models named as libvmaf's <c>--model</c> names them, built-in names resolved in
/// the shipped <c>models/</c> folder, and the extractor instances they need, each once.
/// </summary>
internal static class VmafModels
{
    /// <summary>Loads each model; refuses two that would log under the same name, as libvmaf does.</summary>
    public static IReadOnlyList<VmafModel> Load(IReadOnlyList<string> specs)
    {
        var models = new List<VmafModel>();
        foreach (string text in specs)
        {
            var spec = VmafModelSpec.Parse(text);
            var model = VmafModel.Load(spec, ShippedModels.Folder());
            if (model.Features.FirstOrDefault(f => f.Extractor is null) is { } unknown)
            {
                throw new NotSupportedException($"{model.Path}: no libvmaf extractor known here provides the model's feature '{unknown.ModelName}'");
            }

            if (models.Any(m => m.ScoreKeys.Intersect(model.ScoreKeys).Any()))
            {
                throw new ArgumentException($"--vmaf-model '{text}': another model already logs under '{model.Name}'; give each a different :name=");
            }

            models.Add(model);
        }

        return models;
    }

    /// <summary>The extractor instances the models need, as feature-pipeline requests (the pipeline runs each id once).</summary>
    public static IReadOnlyList<ExtractorRequest> Extractors(IEnumerable<VmafModel> models) =>
        models.SelectMany(m => m.Extractors)
            .Select(i => new ExtractorRequest(i.Extractor, i.Options, i.KeySuffix))
            .ToArray();
}
