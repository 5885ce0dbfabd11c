namespace TinyVmaf.Features;

/// <summary>
/// The range check of the extractors' options records: an <see cref="ArgumentOutOfRangeException"/> whose
/// parameter is libvmaf's option name and whose message reads "<c>name</c> must be <c>allowed</c>", which
/// <see cref="Extraction.LibvmafExtractors"/> passes on to the user.
/// </summary>
/// <remarks>
/// <see cref="Vif.VifOptions"/> keeps its own check: its exception names the property, not the option, and its
/// message (which carries that name) is kept as it is.
/// </remarks>
internal static class OptionRange
{
    /// <summary>Throws unless <paramref name="ok"/>: for a record's <c>Validate</c>, which checks options together.</summary>
    public static void Check(bool ok, string name, object value, string allowed)
    {
        if (!ok)
        {
            throw Outside(name, value, allowed);
        }
    }

    /// <summary><paramref name="value"/> when <paramref name="ok"/>, else the same exception: for an <c>init</c> accessor.</summary>
    public static T Checked<T>(T value, bool ok, string name, string allowed) where T : notnull =>
        ok ? value : throw Outside(name, value, allowed);

    private static ArgumentOutOfRangeException Outside(string name, object value, string allowed) =>
        new(name, value, $"{name} must be {allowed}");
}
