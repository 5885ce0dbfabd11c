using System.Security.Cryptography;
using Google.Protobuf;
using Onnx;

namespace TinyVmaf.Model.Onnx;

/// <summary>One dimension of a graph input or output: a fixed size, a symbolic name, or unknown.</summary>
internal readonly record struct TensorDim(long? Value, string? Param)
{
    public override string ToString() => Value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? Param ?? "?";
}

/// <summary>A graph input or output as declared: name, element type (ONNX <c>TensorProto.DataType</c>) and shape.</summary>
internal sealed record TensorSignature(string Name, int ElementType, IReadOnlyList<TensorDim>? Shape)
{
    public bool IsFloat32 => ElementType == (int)TensorProto.Types.DataType.Float;

    public override string ToString() =>
        $"{Name} {(IsFloat32 ? "float32" : $"elem_type {ElementType}")} [{(Shape is null ? "?" : string.Join(", ", Shape))}]";
}

/// <summary>
/// A hash pin the .onnx bytes must match, the pins of the external-data files it names (file name → sha256), and
/// who set them (a registry or a sidecar), for the message.
/// </summary>
internal readonly record struct Sha256Pin(string Sha256, string PinnedBy, IReadOnlyDictionary<string, string>? ExternalData = null);

/// <summary>
/// A model that passed <see cref="OnnxModelGuard"/>: the bytes ONNX Runtime is given are these, self-contained
/// (external data read through the checks and inlined), so nothing is read from disk after the checks.
/// </summary>
internal sealed class VerifiedOnnxModel
{
    public required string Path { get; init; }

    /// <summary>Lower-case hex sha256 of the .onnx file's bytes as stored (external data not included).</summary>
    public required string Sha256 { get; init; }

    /// <summary>The .onnx plus every external-data file it reads.</summary>
    public required long TotalBytes { get; init; }

    public required byte[] RuntimeBytes { get; init; }

    public required IReadOnlyList<TensorSignature> Inputs { get; init; }

    public required IReadOnlyList<TensorSignature> Outputs { get; init; }

    /// <summary>Distinct op types of the graph and its subgraphs, sorted.</summary>
    public required IReadOnlyList<string> OpTypes { get; init; }

    /// <summary>The default-domain opset the model imports, or null when it imports none.</summary>
    public required long? Opset { get; init; }

    /// <summary>Names of the external-data files that were inlined (relative to the model's folder).</summary>
    public required IReadOnlyList<string> ExternalDataFiles { get; init; }
}

/// <summary>
/// The checks every model passes before ONNX Runtime sees it, ours or anyone's: the size cap (the .onnx and its
/// external data together), the sha256 pins (of the .onnx and of every external-data file: when any pin is given,
/// each byte that runs is pinned by at least one pin and contradicted by none), a protobuf parse, the op allowlist over the graph and every
/// control-flow subgraph, and external data confined to the model's folder. Each refusal is a
/// <see cref="ModelRefusedException"/> naming the file.
/// </summary>
internal static class OnnxModelGuard
{
    /// <summary>50 MiB, libvmaf's DNN loader cap, so both loaders accept the same models.</summary>
    public const long DefaultMaxBytes = 50L * 1024 * 1024;

    public static VerifiedOnnxModel Verify(string onnxPath, IReadOnlyList<Sha256Pin> pins, long maxBytes = DefaultMaxBytes)
    {
        string path = System.IO.Path.GetFullPath(onnxPath);
        byte[] bytes = ReadCapped(path, maxBytes);
        string sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        foreach (var pin in pins)
        {
            if (!string.Equals(pin.Sha256, sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new ModelHashMismatchException(path, pin.Sha256.ToLowerInvariant(), sha256, pin.PinnedBy);
            }
        }

        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new MalformedModelException(path, $"not an ONNX model: {e.Message}", e);
        }

        if (model.Graph is null || model.Graph.Node.Count == 0)
        {
            throw new MalformedModelException(path, "not an ONNX model: it has no graph");
        }

        var ops = new SortedSet<string>(StringComparer.Ordinal);
        ScanOps(path, model, ops);

        var inliner = new ExternalDataInliner(path, bytes.LongLength, maxBytes);
        foreach (var tensor in AllTensors(model.Graph))
        {
            inliner.Inline(tensor);
        }

        CheckExternalDataPins(path, inliner, pins);

        var graph = model.Graph;
        var initializers = graph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        return new VerifiedOnnxModel
        {
            Path = path,
            Sha256 = sha256,
            TotalBytes = inliner.TotalBytes,
            RuntimeBytes = inliner.Files.Count == 0 ? bytes : model.ToByteArray(),
            Inputs = [.. graph.Input.Where(i => !initializers.Contains(i.Name)).Select(Signature)],
            Outputs = [.. graph.Output.Select(Signature)],
            OpTypes = [.. ops],
            Opset = model.OpsetImport.Where(o => OpAllowlist.IsDefaultDomain(o.Domain)).Select(o => (long?)o.Version).FirstOrDefault(),
            ExternalDataFiles = [.. inliner.Files],
        };
    }

    /// <summary>
    /// The .onnx pin covers the graph and the names of its external-data files, not their bytes: a swapped
    /// <c>.onnx.data</c> would run under an intact .onnx pin. So each file read is checked against every pin that
    /// names it, and must be named by one.
    /// </summary>
    private static void CheckExternalDataPins(string modelPath, ExternalDataInliner inliner, IReadOnlyList<Sha256Pin> pins)
    {
        if (pins.Count == 0)
        {
            return;
        }

        foreach (string file in inliner.Files)
        {
            string actual = inliner.Sha256Of(file);
            string full = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(modelPath)!, file);
            bool pinned = false;
            foreach (var pin in pins)
            {
                if (pin.ExternalData is { } data && data.TryGetValue(file, out string? expected))
                {
                    if (!string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase))
                    {
                        throw new ModelHashMismatchException(full, expected?.ToLowerInvariant() ?? "null", actual, pin.PinnedBy);
                    }

                    pinned = true;
                }
            }

            if (!pinned)
            {
                throw new UnpinnedModelException(full,
                    $"external data '{file}' of {System.IO.Path.GetFileName(modelPath)} is pinned by none of {string.Join(", ", pins.Select(p => p.PinnedBy))}; " +
                    $"its sha256 must be listed under external_data (in the registry entry or the sidecar) for it to run");
            }
        }
    }

    private static byte[] ReadCapped(string path, long maxBytes)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such model file", path);
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        long length = stream.Length;
        if (length > maxBytes)
        {
            throw new ModelTooLargeException(path, length, maxBytes);
        }

        if (length == 0)
        {
            throw new MalformedModelException(path, "not an ONNX model: the file is empty");
        }

        byte[] bytes = new byte[length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static void ScanOps(string path, ModelProto model, SortedSet<string> ops)
    {
        // A model-local function is a named subgraph a node can call by a listed-looking name; libvmaf's scan
        // never looks inside them, so we refuse them rather than widen what "allowed" means.
        if (model.Functions.Count > 0)
        {
            var function = model.Functions[0];
            throw new DisallowedOperatorException(path, function.Name, function.Domain,
                $"defines model-local function '{function.Domain}.{function.Name}'; only allowlisted ONNX ops are loaded");
        }

        int loops = 0;
        ScanGraph(path, model.Graph, depth: 0, ops, ref loops);
    }

    private static void ScanGraph(string path, GraphProto graph, int depth, SortedSet<string> ops, ref int loops)
    {
        if (depth > OpAllowlist.MaxSubgraphDepth)
        {
            throw new DisallowedOperatorException(path, "", "",
                $"control-flow subgraphs nest deeper than {OpAllowlist.MaxSubgraphDepth} levels");
        }

        foreach (var node in graph.Node)
        {
            if (!OpAllowlist.IsAllowed(node.OpType, node.Domain))
            {
                string qualified = node.Domain.Length == 0 ? node.OpType : $"{node.Domain}.{node.OpType}";
                throw new DisallowedOperatorException(path, node.OpType, node.Domain,
                    $"op '{qualified}' (node '{node.Name}') is not on the op allowlist");
            }

            ops.Add(node.OpType);
            if (node.OpType == "Loop" && ++loops > OpAllowlist.MaxLoopNodes)
            {
                throw new DisallowedOperatorException(path, node.OpType, node.Domain,
                    $"more than {OpAllowlist.MaxLoopNodes} Loop nodes");
            }

            foreach (var attribute in node.Attribute)
            {
                if (attribute.G is not null)
                {
                    ScanGraph(path, attribute.G, depth + 1, ops, ref loops);
                }

                foreach (var subgraph in attribute.Graphs)
                {
                    ScanGraph(path, subgraph, depth + 1, ops, ref loops);
                }
            }
        }
    }

    /// <summary>Every tensor that can carry external data: initializers, sparse ones, and node attributes, in subgraphs too.</summary>
    private static IEnumerable<TensorProto> AllTensors(GraphProto graph)
    {
        foreach (var tensor in graph.Initializer)
        {
            yield return tensor;
        }

        foreach (var sparse in graph.SparseInitializer)
        {
            foreach (var tensor in SparseParts(sparse))
            {
                yield return tensor;
            }
        }

        foreach (var node in graph.Node)
        {
            foreach (var attribute in node.Attribute)
            {
                if (attribute.T is not null)
                {
                    yield return attribute.T;
                }

                foreach (var tensor in attribute.Tensors)
                {
                    yield return tensor;
                }

                foreach (var tensor in SparseParts(attribute.SparseTensor).Concat(attribute.SparseTensors.SelectMany(SparseParts)))
                {
                    yield return tensor;
                }

                foreach (var subgraph in (attribute.G is null ? [] : new[] { attribute.G }).Concat(attribute.Graphs))
                {
                    foreach (var tensor in AllTensors(subgraph))
                    {
                        yield return tensor;
                    }
                }
            }
        }
    }

    private static IEnumerable<TensorProto> SparseParts(SparseTensorProto? sparse)
    {
        if (sparse?.Values is not null)
        {
            yield return sparse.Values;
        }

        if (sparse?.Indices is not null)
        {
            yield return sparse.Indices;
        }
    }

    private static TensorSignature Signature(ValueInfoProto info)
    {
        var tensor = info.Type?.TensorType;
        IReadOnlyList<TensorDim>? shape = tensor?.Shape is null
            ? null
            : [.. tensor.Shape.Dim.Select(d => new TensorDim(d.HasDimValue ? d.DimValue : null, d.HasDimParam ? d.DimParam : null))];
        return new TensorSignature(info.Name, tensor?.ElemType ?? 0, shape);
    }

    /// <summary>
    /// Reads each external-data file once, through the folder and size checks, and moves the referenced bytes
    /// into the tensor's raw_data, so the runtime loads from memory and never follows a path itself.
    /// </summary>
    private sealed class ExternalDataInliner(string modelPath, long modelBytes, long maxBytes)
    {
        private readonly string _folder = CanonicalPath.Resolve(System.IO.Path.GetDirectoryName(modelPath)!);
        private readonly Dictionary<string, byte[]> _contents = new(StringComparer.Ordinal);

        public long TotalBytes { get; private set; } = modelBytes;

        public List<string> Files { get; } = [];

        /// <summary>Lower-case hex sha256 of an external-data file as read (the bytes that were inlined).</summary>
        public string Sha256Of(string location) => Convert.ToHexStringLower(SHA256.HashData(_contents[location]));

        public void Inline(TensorProto tensor)
        {
            if (tensor.ExternalData.Count == 0 && tensor.DataLocation != TensorProto.Types.DataLocation.External)
            {
                return;
            }

            string? location = null;
            long offset = 0;
            long? length = null;
            foreach (var entry in tensor.ExternalData)
            {
                switch (entry.Key)
                {
                    case "location": location = entry.Value; break;
                    case "offset": offset = ParseNonNegative(entry.Value, tensor, "offset"); break;
                    case "length": length = ParseNonNegative(entry.Value, tensor, "length"); break;
                }
            }

            if (string.IsNullOrEmpty(location))
            {
                throw new MalformedModelException(modelPath, $"tensor '{tensor.Name}' is stored externally but names no location");
            }

            byte[] contents = Read(location);
            long available = contents.LongLength - offset;
            if (offset > contents.LongLength || (length is long l && l > available))
            {
                throw new MalformedModelException(modelPath,
                    $"tensor '{tensor.Name}' reads bytes {offset}..{offset + (length ?? 0)} of '{location}', which holds {contents.LongLength}");
            }

            tensor.RawData = ByteString.CopyFrom(contents, (int)offset, (int)(length ?? available));
            tensor.ExternalData.Clear();
            tensor.DataLocation = TensorProto.Types.DataLocation.Default;
        }

        private long ParseNonNegative(string value, TensorProto tensor, string key) =>
            long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long parsed)
                ? parsed
                : throw new MalformedModelException(modelPath, $"tensor '{tensor.Name}' has external-data {key} '{value}', not a non-negative integer");

        private byte[] Read(string location)
        {
            if (_contents.TryGetValue(location, out byte[]? cached))
            {
                return cached;
            }

            string full = CheckLocation(location);
            long size = new FileInfo(full).Length;
            if (TotalBytes + size > maxBytes)
            {
                throw new ModelTooLargeException(modelPath, TotalBytes + size, maxBytes);
            }

            byte[] contents;
            using (var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read))
            {
                // Read what was measured, no more: a file that grows after the check cannot push past the cap.
                contents = new byte[size];
                stream.ReadExactly(contents);
            }

            TotalBytes += size;
            _contents[location] = contents;
            Files.Add(location);
            return contents;
        }

        private string CheckLocation(string location)
        {
            if (System.IO.Path.IsPathRooted(location) || location.Contains(':', StringComparison.Ordinal))
            {
                throw new ExternalDataOutsideModelFolderException(modelPath, location, "an absolute path; only files in the model's folder are read");
            }

            string[] segments = location.Split(['/', '\\']);
            if (segments.Any(s => s == ".."))
            {
                throw new ExternalDataOutsideModelFolderException(modelPath, location, "'..' leaves the model's folder");
            }

            string candidate = System.IO.Path.Combine(_folder, location);
            if (!File.Exists(candidate))
            {
                throw new MalformedModelException(modelPath, $"external data '{location}' is missing from {_folder}");
            }

            string resolved = CanonicalPath.Resolve(candidate);
            if (!CanonicalPath.IsInside(resolved, _folder))
            {
                throw new ExternalDataOutsideModelFolderException(modelPath, location, $"it resolves to {resolved}, outside {_folder}");
            }

            return resolved;
        }
    }
}
