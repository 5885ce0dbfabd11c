namespace TinyVmaf.Features.Logs;

/// <summary>libvmaf's log formats.</summary>
public enum LogFormat
{
    Json,
    Xml,
    Csv,
}
