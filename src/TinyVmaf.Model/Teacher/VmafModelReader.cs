using System.Globalization;
using System.Text.Json;

namespace TinyVmaf.Model.Teacher;

/// <summary>
/// Reads libvmaf's JSON model format: everything libvmaf uses sits in <c>model_dict</c> (<c>param_dict</c>
/// and the rest are training records libvmaf skips). Keys are taken in file order and unknown ones ignored,
/// as libvmaf's streaming reader does; what libvmaf would refuse, or could not score with, is refused here
/// at load with the reason.
/// </summary>
internal static class VmafModelReader
{
    private const int MaxKnotCount = 10;

    public static VmafModel Parse(string json, string source, VmafModelFlags flags, IReadOnlyList<VmafFeatureOverride>? overrides = null, string name = VmafModel.DefaultName)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new VmafModelException(source, $"not a JSON model file: {e.Message}", e);
        }

        using (document)
        {
            try
            {
                return Read(document.RootElement, source, flags, overrides ?? [], name);
            }
            catch (FormatException e)
            {
                throw new VmafModelException(source, $"not a usable libvmaf model: {e.Message}", e);
            }
            catch (InvalidOperationException e)
            {
                // A string System.Text.Json cannot decode (an escaped lone surrogate) only fails when it is read.
                throw new VmafModelException(source, $"not a usable libvmaf model: a string is not valid text ({e.Message})", e);
            }
        }
    }

    private static VmafModel Read(JsonElement root, string source, VmafModelFlags flags, IReadOnlyList<VmafFeatureOverride> overrides, string name)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("the top level is not a JSON object");
        }

        // libvmaf keeps the last model_dict it meets.
        JsonElement? modelDict = null;
        foreach (var property in root.EnumerateObject())
        {
            if (property.NameEquals("model_dict"))
            {
                modelDict = property.Value;
            }
        }

        if (modelDict is not null)
        {
            return new VmafModel(source, name, ReadModelDict(modelDict.Value, source, flags, overrides), []);
        }

        // No model_dict: libvmaf then reads the file as a model collection, models keyed "0", "1", … in order;
        // "0" is the model itself, the others its bootstrap collection (read_json_model.c).
        var models = new List<VmafRegressor>();
        foreach (var property in root.EnumerateObject())
        {
            if (property.NameEquals(models.Count.ToString(CultureInfo.InvariantCulture)))
            {
                var dict = property.Value.ValueKind == JsonValueKind.Object && property.Value.TryGetProperty("model_dict", out var d)
                    ? d
                    : throw new FormatException($"model \"{models.Count}\" of the collection has no 'model_dict'");
                try
                {
                    models.Add(ReadModelDict(dict, source, flags, overrides));
                }
                catch (FormatException e)
                {
                    throw new FormatException($"model \"{models.Count}\" of the collection: {e.Message}", e);
                }
            }
        }

        if (models.Count < 2)
        {
            throw new FormatException("no 'model_dict', and not a model collection (models keyed \"0\", \"1\", …)");
        }

        if (models.Any(m => m.ModelType is not ("BOOTSTRAP_LIBSVMNUSVR" or "RESIDUEBOOTSTRAP_LIBSVMNUSVR")))
        {
            throw new FormatException("a model collection must be of BOOTSTRAP_LIBSVMNUSVR (or RESIDUEBOOTSTRAP_LIBSVMNUSVR) models");
        }

        return new VmafModel(source, name, models[0], models.Skip(1).ToArray());
    }

    private static VmafRegressor ReadModelDict(JsonElement modelDict, string source, VmafModelFlags flags, IReadOnlyList<VmafFeatureOverride> overrides)
    {
        if (modelDict is not { ValueKind: JsonValueKind.Object } dict)
        {
            throw new FormatException("'model_dict' is not an object");
        }

        string? modelType = null;
        VmafNormType? normType = null;
        ScoreTransform transform = ScoreTransform.None;
        (double, double)? scoreClip = null;
        double[]? slopes = null;
        double[]? intercepts = null;
        string[]? names = null;
        JsonElement[]? optionDicts = null;
        LibsvmModel? svm = null;
        double? chromaCorrection = null;

        foreach (var property in dict.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "score_transform":
                    transform = ReadScoreTransform(value, flags);
                    break;
                case "model_type":
                    modelType = ReadString(value, "model_type");
                    if (modelType is not ("LIBSVMNUSVR" or "BOOTSTRAP_LIBSVMNUSVR" or "RESIDUEBOOTSTRAP_LIBSVMNUSVR"))
                    {
                        throw new FormatException($"model_type '{modelType}' is not one libvmaf knows");
                    }

                    break;
                case "norm_type":
                    normType = ReadString(value, "norm_type") switch
                    {
                        "linear_rescale" => VmafNormType.LinearRescale,
                        "none" => VmafNormType.None,
                        var other => throw new FormatException($"norm_type '{other}' is neither 'linear_rescale' nor 'none'"),
                    };
                    break;
                case "score_clip":
                    var clip = ReadNumbers(value, "score_clip");
                    if (clip.Length < 2)
                    {
                        throw new FormatException("score_clip needs [min, max]");
                    }

                    scoreClip = (clip[0], clip[1]);
                    break;
                case "slopes":
                    slopes = ReadNumbers(value, "slopes");
                    break;
                case "intercepts":
                    intercepts = ReadNumbers(value, "intercepts");
                    break;
                case "feature_names":
                    names = ReadArray(value, "feature_names").Select(e => ReadString(e, "feature_names[]")).ToArray();
                    break;
                case "feature_opts_dicts":
                    optionDicts = ReadArray(value, "feature_opts_dicts");
                    if (optionDicts.Any(e => e.ValueKind != JsonValueKind.Object))
                    {
                        throw new FormatException("feature_opts_dicts must hold one object per feature");
                    }

                    break;
                case "model":
                    try
                    {
                        svm = LibsvmModel.Parse(ReadString(value, "model"));
                    }
                    catch (FormatException e)
                    {
                        throw new FormatException($"the libsvm 'model' text: {e.Message}", e);
                    }

                    break;
                case "chroma_correction_parameter":
                    chromaCorrection = ReadNumber(value, "chroma_correction_parameter");
                    break;
            }
        }

        if (names is null || names.Length == 0)
        {
            throw new FormatException("no 'feature_names'");
        }

        if (names.Length > VmafModel.MaxFeatureCount)
        {
            throw new FormatException($"{names.Length} features; libvmaf takes at most {VmafModel.MaxFeatureCount}");
        }

        if (svm is null)
        {
            throw new FormatException("no libsvm 'model'");
        }

        if (normType is null)
        {
            throw new FormatException("no 'norm_type' (libvmaf cannot normalise the features without it)");
        }

        if (optionDicts is not null && optionDicts.Length > names.Length)
        {
            throw new FormatException($"feature_opts_dicts has {optionDicts.Length} entries for {names.Length} features");
        }

        // The first slope and intercept rescale the score; the rest go with the features in order.
        double slope = 1, intercept = 0;
        double[] featureSlopes = new double[names.Length];
        double[] featureIntercepts = new double[names.Length];
        if (normType == VmafNormType.LinearRescale)
        {
            if (slopes?.Length != names.Length + 1 || intercepts?.Length != names.Length + 1)
            {
                throw new FormatException(
                    $"linear_rescale needs {names.Length + 1} slopes and intercepts (the score's, then one per feature); found {slopes?.Length ?? 0} and {intercepts?.Length ?? 0}");
            }

            if (slopes[0] == 0)
            {
                throw new FormatException("the score's slope (slopes[0]) is 0");
            }

            (slope, intercept) = (slopes[0], intercepts[0]);
            slopes.AsSpan(1).CopyTo(featureSlopes);
            intercepts.AsSpan(1).CopyTo(featureIntercepts);
        }

        var features = new VmafModelFeature[names.Length];
        for (int i = 0; i < names.Length; i++)
        {
            var options = optionDicts is not null && i < optionDicts.Length ? ReadOptions(optionDicts[i], names[i]) : [];
            string? extractor = LibvmafFeatureNames.ExtractorOf(names[i]);
            foreach (var change in overrides)
            {
                // vmaf_model_feature_overload: the override replaces or adds options of every feature of that extractor.
                if (change.Extractor == extractor)
                {
                    options[change.Option] = change.Value;
                }
            }

            features[i] = LibvmafFeatureNames.Resolve(names[i], options);
        }

        if ((flags & VmafModelFlags.DisableClip) != 0)
        {
            scoreClip = null;
        }

        return new VmafRegressor(source, modelType, normType.Value, features, slope, intercept,
            featureSlopes, featureIntercepts, svm, transform, scoreClip, chromaCorrection);
    }

    /// <summary>
    /// One <c>feature_opts_dicts</c> entry as libvmaf's dictionary holds it: numbers normalised through a C
    /// float and <c>%g</c>, booleans as <c>true</c>/<c>false</c>, strings as they are; a key set twice to
    /// different values is refused.
    /// </summary>
    private static Dictionary<string, string> ReadOptions(JsonElement element, string feature)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            string text = property.Value.ValueKind switch
            {
                JsonValueKind.Number => LibvmafFeatureNames.NormalizeNumber(property.Value.GetRawText()),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                JsonValueKind.String => property.Value.GetString()!,
                _ => throw new FormatException($"feature '{feature}', option '{property.Name}': {property.Value.GetRawText()} is not a number, bool or string"),
            };
            if (options.TryGetValue(property.Name, out string? before) && before != text)
            {
                throw new FormatException($"feature '{feature}' sets option '{property.Name}' twice");
            }

            options[property.Name] = text;
        }

        return options;
    }

    private static ScoreTransform ReadScoreTransform(JsonElement value, VmafModelFlags flags)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("score_transform is not an object");
        }

        bool enabled = false;
        double? p0 = null, p1 = null, p2 = null;
        (double, double)[]? knots = null;
        bool outLteIn = false, outGteIn = false;
        foreach (var property in value.EnumerateObject())
        {
            var v = property.Value;
            switch (property.Name)
            {
                case "enabled":
                    enabled = v.ValueKind switch
                    {
                        JsonValueKind.True => true,
                        JsonValueKind.False => false,
                        _ => throw new FormatException("score_transform.enabled is not true or false"),
                    };
                    break;
                case "p0":
                    p0 = ReadOptionalNumber(v, "score_transform.p0");
                    break;
                case "p1":
                    p1 = ReadOptionalNumber(v, "score_transform.p1");
                    break;
                case "p2":
                    p2 = ReadOptionalNumber(v, "score_transform.p2");
                    break;
                case "knots":
                    knots = v.ValueKind == JsonValueKind.Null ? null : ReadKnots(v);
                    break;
                // libvmaf reads these as the strings "true"/"false" (anything but "true" leaves them off).
                case "out_lte_in":
                    outLteIn |= ReadString(v, "score_transform.out_lte_in") == "true";
                    break;
                case "out_gte_in":
                    outGteIn |= ReadString(v, "score_transform.out_gte_in") == "true";
                    break;
            }
        }

        if ((flags & VmafModelFlags.EnableTransform) != 0)
        {
            enabled = true;
        }

        if ((flags & VmafModelFlags.DisableTransform) != 0)
        {
            enabled = false;
        }

        return new ScoreTransform(enabled, p0, p1, p2, knots, outLteIn, outGteIn);
    }

    private static (double, double)[] ReadKnots(JsonElement value)
    {
        var knots = ReadArray(value, "score_transform.knots")
            .Select(k => ReadNumbers(k, "score_transform.knots[]") is [var x, var y]
                ? (x, y)
                : throw new FormatException("each score_transform knot is [x, y]"))
            .ToArray();
        if (knots.Length is < 2 or > MaxKnotCount)
        {
            throw new FormatException($"score_transform.knots has {knots.Length} knots; libvmaf maps through 2 to {MaxKnotCount}");
        }

        for (int i = 1; i < knots.Length; i++)
        {
            // libvmaf silently returns a half-built score for such knots; refuse the model instead.
            if (!(knots[i - 1].Item1 < knots[i].Item1 && knots[i - 1].Item2 <= knots[i].Item2))
            {
                throw new FormatException("score_transform.knots must have x strictly increasing and y non-decreasing");
            }
        }

        return knots;
    }

    private static string ReadString(JsonElement value, string what) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new FormatException($"{what} is not a string");

    private static JsonElement[] ReadArray(JsonElement value, string what) =>
        value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToArray() : throw new FormatException($"{what} is not an array");

    private static double ReadNumber(JsonElement value, string what) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out double d) && double.IsFinite(d)
            ? d
            : throw new FormatException($"{what}: {value.GetRawText()} is not a finite number");

    private static double? ReadOptionalNumber(JsonElement value, string what) =>
        value.ValueKind == JsonValueKind.Null ? null : ReadNumber(value, what);

    private static double[] ReadNumbers(JsonElement value, string what)
    {
        var items = ReadArray(value, what);
        var numbers = new double[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            numbers[i] = ReadNumber(items[i], string.Create(CultureInfo.InvariantCulture, $"{what}[{i}]"));
        }

        return numbers;
    }
}
