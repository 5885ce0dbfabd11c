namespace TinyVmaf.Model.Teacher;

/// <summary>
/// A libvmaf JSON model that cannot be used: missing, unreadable, not JSON, or not a model libvmaf 3.0 would
/// accept. The message starts with the file it came from.
/// </summary>
public sealed class VmafModelException : Exception
{
    public VmafModelException(string source, string reason, Exception? inner = null)
        : base($"{source}: {reason}", inner)
    {
        ModelPath = source;
    }

    /// <summary>The model file (or the name given to an in-memory model).</summary>
    public string ModelPath { get; }
}
