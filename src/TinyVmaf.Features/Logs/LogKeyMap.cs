namespace TinyVmaf.Features.Logs;

/// <summary>
/// Which keys of a libvmaf log hold each FULL_FEATURES name, across libvmaf's generations. For each name the
/// keys are tried in order and the first one the log has wins:
/// <list type="number">
/// <item>the 2.x/3.x key (<see cref="FeatureNames.LibvmafKey"/>: <c>integer_adm2</c>, <c>psnr_y</c>, <c>float_ssim</c>, …), which is what
/// our extractors reproduce;</item>
/// <item>the short names libvmaf 2.x/3.x gives the float extractors through its alias table
/// (<see cref="LibvmafAliases"/>: <c>VMAF_feature_adm2_score</c> → <c>adm2</c>, …), which are also the bare keys 1.3.x wrote;</item>
/// <item>the long names before aliasing (<c>VMAF_integer_feature_adm2_score</c>, <c>VMAF_feature_adm2_score</c>), which
/// some tools write when they bypass the alias table (every release's rows: a log may come from any);</item>
/// <item>1.3.x's other bare keys: <c>psnr</c> (luma only in 1.3.x, hence <c>psnr_y</c>), <c>ssim</c> and
/// <c>ms_ssim</c> (the float, luma-only SSIM and MS-SSIM, hence <c>float_ssim</c>, <c>float_ms_ssim</c>), and 2.x's
/// <c>float_psnr</c> (luma only);</item>
/// <item>the Python vmaf tools' names (<c>PSNR_feature_psnr_score</c>, <c>SSIM_feature_ssim_score</c>,
/// <c>MS_SSIM_feature_ms_ssim_score</c>, and the runners' <c>PSNR_score</c>, <c>SSIM_score</c>, <c>MS_SSIM_score</c>),
/// all luma-only.</item>
/// </list>
/// The teacher score is <c>vmaf</c>, or the Python tools' <c>VMAF_score</c>.
/// Integer and float variants are the same measure computed in fixed and in floating point; the integer key
/// is preferred when a log has both, because it is the one our own extractors reproduce.
/// </summary>
public static class LogKeyMap
{
    /// <summary>The keys that may carry the teacher score, most preferred first.</summary>
    public static readonly IReadOnlyList<string> VmafKeys = ["vmaf", "VMAF_score"];

    private static readonly Dictionary<string, string[]> KeysByName = Build();

    /// <summary>The keys that may carry <paramref name="name"/>, most preferred first.</summary>
    public static IReadOnlyList<string> KeysFor(string name) => KeysByName[name];

    /// <summary>The key of <paramref name="name"/> in a log with <paramref name="keys"/>, or null when it has none.</summary>
    public static string? Find(string name, Func<string, bool> hasKey)
    {
        foreach (string key in KeysByName[name])
        {
            if (hasKey(key))
            {
                return key;
            }
        }

        return null;
    }

    private static Dictionary<string, string[]> Build()
    {
        var map = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (string name in FeatureNames.Full)
        {
            string key = FeatureNames.LibvmafKey(name);
            var keys = new List<string> { key };

            // A float twin in libvmaf's alias table is logged under the bare name (adm2 beside integer_adm2);
            // then the names before aliasing, the integer extractor's first.
            if (LibvmafAliases.NamesOf(name).Any())
            {
                keys.Add(name);
            }

            keys.AddRange(LibvmafAliases.NamesOf(key));
            keys.AddRange(LibvmafAliases.NamesOf(name));

            // Older generations and other tools, which the alias table does not know.
            switch (name)
            {
                case "psnr_y":
                    keys.Add("psnr");
                    keys.Add("float_psnr");
                    keys.Add("PSNR_feature_psnr_score");
                    keys.Add("PSNR_score");
                    break;
                case "float_ssim":
                    keys.Add("ssim");
                    keys.Add("SSIM_feature_ssim_score");
                    keys.Add("SSIM_score");
                    break;
                case "float_ms_ssim":
                    keys.Add("ms_ssim");
                    keys.Add("MS_SSIM_feature_ms_ssim_score");
                    keys.Add("MS_SSIM_score");
                    break;
            }

            map[name] = keys.Distinct(StringComparer.Ordinal).ToArray();
        }

        return map;
    }
}
