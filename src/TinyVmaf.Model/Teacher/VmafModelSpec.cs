namespace TinyVmaf.Model.Teacher;

/// <summary>
/// An option override a model applies to one of its extractors (libvmaf's <c>--model …:cambi.enc_width=960</c>):
/// every feature of <see cref="Extractor"/> gets <see cref="Option"/> = <see cref="Value"/>.
/// </summary>
public sealed record VmafFeatureOverride(string Extractor, string Option, string Value);

/// <summary>
/// What libvmaf's <c>--model</c> argument says: a built-in model (<c>version=NAME</c>) or a file
/// (<c>path=FILE</c>), the name its scores are logged under (<c>name=</c>, default <c>vmaf</c>), its flags
/// (<c>enable_transform</c>, <c>disable_clip</c>) and extractor option overrides (<c>cambi.enc_width=960</c>),
/// colon-separated. A bare argument without <c>=</c> is a built-in name or a path.
/// </summary>
public sealed record VmafModelSpec
{
    /// <summary>A model file, or null for a built-in one.</summary>
    public string? Path { get; init; }

    /// <summary>A built-in model's name (<c>vmaf_v0.6.1</c>, <c>vmaf_v1.0.16_3d0h</c>, …), or null for a file.</summary>
    public string? Version { get; init; }

    /// <summary>The key the score is logged under, and the stem of a collection's keys.</summary>
    public string Name { get; init; } = VmafModel.DefaultName;

    public VmafModelFlags Flags { get; init; }

    public IReadOnlyList<VmafFeatureOverride> Overrides { get; init; } = [];

    /// <summary>
    /// Parses libvmaf's <c>--model</c> syntax, or a bare built-in name or path. Throws
    /// <see cref="ArgumentException"/> saying what is wrong, as libvmaf's CLI refuses it.
    /// </summary>
    public static VmafModelSpec Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        if (!text.Contains('=', StringComparison.Ordinal) && !text.Contains(':', StringComparison.Ordinal))
        {
            bool isFile = text.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || text.Contains('/', StringComparison.Ordinal)
                || text.Contains('\\', StringComparison.Ordinal) || File.Exists(text);
            return isFile ? new VmafModelSpec { Path = text } : new VmafModelSpec { Version = text };
        }

        var spec = new VmafModelSpec();
        var overrides = new List<VmafFeatureOverride>();
        foreach (string part in text.Split(':'))
        {
            int equals = part.IndexOf('=', StringComparison.Ordinal);
            string key = equals < 0 ? part : part[..equals];
            string? value = equals < 0 ? null : part[(equals + 1)..];
            if (value is null)
            {
                value = key is "disable_clip" or "enable_transform"
                    ? "true"
                    : throw new ArgumentException($"--vmaf-model '{text}': bad option '{key}' (expected key=value, enable_transform or disable_clip)");
            }

            switch (key)
            {
                case "path":
                    spec = spec with { Path = value };
                    break;
                case "version":
                    spec = spec with { Version = value };
                    break;
                case "name":
                    spec = spec with { Name = value.Length > 0 ? value : throw new ArgumentException($"--vmaf-model '{text}': name= is empty") };
                    break;
                case "disable_clip":
                    spec = spec with { Flags = value == "true" ? spec.Flags | VmafModelFlags.DisableClip : spec.Flags };
                    break;
                case "enable_transform":
                    spec = spec with { Flags = value == "true" ? spec.Flags | VmafModelFlags.EnableTransform : spec.Flags };
                    break;
                default:
                    int dot = key.IndexOf('.', StringComparison.Ordinal);
                    if (dot <= 0 || dot == key.Length - 1)
                    {
                        throw new ArgumentException(
                            $"--vmaf-model '{text}': unknown option '{key}' (path=, version=, name=, enable_transform, disable_clip, or EXTRACTOR.OPTION=VALUE)");
                    }

                    // libvmaf's CLI normalises a numeric override the way a model file's options are.
                    string normalized = LibvmafFeatureNames.IsNumeric(value) ? LibvmafFeatureNames.NormalizeNumber(value) : value;
                    overrides.Add(new VmafFeatureOverride(key[..dot], key[(dot + 1)..], normalized));
                    break;
            }
        }

        if (spec.Path is null == spec.Version is null)
        {
            throw new ArgumentException($"--vmaf-model '{text}': give exactly one of path= and version=");
        }

        return spec with { Overrides = overrides };
    }
}
