namespace TinyVmaf.Model.Onnx;

/// <summary>
/// A model file was refused at load. Every subclass names the file and says what about it was refused, so
/// the CLI can print the message as it is.
/// </summary>
public abstract class ModelRefusedException : Exception
{
    protected ModelRefusedException(string modelPath, string message, Exception? inner = null)
        : base($"{modelPath}: {message}", inner)
    {
        ModelPath = modelPath;
    }

    /// <summary>The file that was refused (the .onnx, its sidecar, an external-data file, or the registry).</summary>
    public string ModelPath { get; }
}

/// <summary>The file is not a readable ONNX model (not protobuf, no graph, truncated, empty).</summary>
public sealed class MalformedModelException(string modelPath, string message, Exception? inner = null)
    : ModelRefusedException(modelPath, message, inner);

/// <summary>The graph uses an op that is not on <see cref="OpAllowlist"/> (or a custom domain, or too many Loops).</summary>
public sealed class DisallowedOperatorException(string modelPath, string opType, string domain, string message)
    : ModelRefusedException(modelPath, message)
{
    public string OpType { get; } = opType;

    public string Domain { get; } = domain;
}

/// <summary>The model and its external data together exceed the size cap.</summary>
public sealed class ModelTooLargeException(string modelPath, long bytes, long capBytes)
    : ModelRefusedException(modelPath, $"the model and its external data hold {bytes} bytes, over the cap of {capBytes} bytes")
{
    public long Bytes { get; } = bytes;

    public long CapBytes { get; } = capBytes;
}

/// <summary>An external-data reference points outside the model's folder (absolute, <c>..</c>, or a symlink out).</summary>
public sealed class ExternalDataOutsideModelFolderException(string modelPath, string location, string reason)
    : ModelRefusedException(modelPath, $"external data '{location}' is refused: {reason}")
{
    public string Location { get; } = location;
}

/// <summary>The sha256 of the .onnx bytes is not the one its registry entry (or its sidecar) pins.</summary>
public sealed class ModelHashMismatchException(string modelPath, string expectedSha256, string actualSha256, string pinnedBy)
    : ModelRefusedException(modelPath, $"sha256 {actualSha256} does not match the pin {expectedSha256} in {pinnedBy}")
{
    public string ExpectedSha256 { get; } = expectedSha256;

    public string ActualSha256 { get; } = actualSha256;

    public string PinnedBy { get; } = pinnedBy;
}

/// <summary>
/// Some bytes that would run are pinned by nothing: a model outside every registry whose sidecar gives no sha256,
/// or an external-data file that neither the registry entry nor the sidecar lists under <c>external_data</c>.
/// </summary>
public sealed class UnpinnedModelException(string modelPath, string message)
    : ModelRefusedException(modelPath, message);

/// <summary>The sidecar pins a codec vocabulary other than ours, so its codec one-hot means something else.</summary>
public sealed class CodecVocabularyMismatchException(string modelPath, string message)
    : ModelRefusedException(modelPath, message);

/// <summary>The model has no sidecar, or its sidecar lacks what running it needs, or contradicts the graph.</summary>
public sealed class ModelCardMismatchException(string modelPath, string message, Exception? inner = null)
    : ModelRefusedException(modelPath, message, inner);

/// <summary>The graph's inputs or outputs are none of the contracts we can feed (v1, v2, variance mode).</summary>
public sealed class UnsupportedModelSignatureException(string modelPath, string message)
    : ModelRefusedException(modelPath, message);
