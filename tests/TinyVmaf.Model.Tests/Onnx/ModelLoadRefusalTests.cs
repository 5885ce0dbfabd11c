using Google.Protobuf;
using Onnx;
using TinyVmaf.Model.Cards;
using TinyVmaf.Model.Onnx;

namespace TinyVmaf.Model.Tests.Onnx;

/// <summary>Every refusal of a model load, each on a model crafted to break exactly one rule.</summary>
public sealed class ModelLoadRefusalTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_well_formed_model_loads_and_reports_what_was_checked()
    {
        string path = Write(V1Model(), V1Card());
        using var model = RegressorModel.Load(path);
        Assert.Equal("m", model.Id);
        Assert.Null(model.RegistryPath);
        Assert.Equal(["Add", "Div", "Erf", "Gemm", "Mul", "Squeeze"], model.OpTypes);
    }

    [Fact]
    public void An_op_off_the_allowlist_is_refused_naming_the_op_and_the_file()
    {
        var proto = V1Model();
        proto.Graph.Node.Add(new NodeProto { OpType = "NonZero", Name = "sneaky", Input = { "features" }, Output = { "nz" } });
        string path = Write(proto, V1Card());
        var refused = Assert.Throws<DisallowedOperatorException>(() => RegressorModel.Load(path));
        Assert.Equal("NonZero", refused.OpType);
        Assert.Contains(path, refused.Message);
    }

    [Fact]
    public void An_allowlisted_name_in_a_custom_domain_is_refused()
    {
        var proto = V1Model();
        proto.Graph.Node.First(n => n.OpType == "Gemm").Domain = "com.example";
        var refused = Assert.Throws<DisallowedOperatorException>(() => RegressorModel.Load(Write(proto, V1Card())));
        Assert.Equal("com.example", refused.Domain);
    }

    [Fact]
    public void An_op_off_the_allowlist_hidden_in_an_if_branch_is_refused()
    {
        var proto = V1Model();
        var branch = new GraphProto { Name = "then" };
        branch.Node.Add(new NodeProto { OpType = "Scan", Name = "inside", Output = { "y" } });
        proto.Graph.Node.Add(new NodeProto
        {
            OpType = "If", Name = "branching", Input = { "cond" }, Output = { "out" },
            Attribute = { new AttributeProto { Name = "then_branch", Type = AttributeProto.Types.AttributeType.Graph, G = branch } },
        });
        var refused = Assert.Throws<DisallowedOperatorException>(() => RegressorModel.Load(Write(proto, V1Card())));
        Assert.Equal("Scan", refused.OpType);
    }

    [Fact]
    public void More_Loop_nodes_than_libvmaf_admits_are_refused()
    {
        var proto = V1Model();
        for (int i = 0; i <= OpAllowlist.MaxLoopNodes; i++)
        {
            proto.Graph.Node.Add(new NodeProto { OpType = "Loop", Name = $"loop{i}", Output = { $"l{i}" } });
        }

        var refused = Assert.Throws<DisallowedOperatorException>(() => RegressorModel.Load(Write(proto, V1Card())));
        Assert.Equal("Loop", refused.OpType);
    }

    [Fact]
    public void A_model_local_function_is_refused()
    {
        var proto = V1Model();
        proto.Functions.Add(new FunctionProto { Name = "Gemm", Domain = "local" });
        Assert.Throws<DisallowedOperatorException>(() => RegressorModel.Load(Write(proto, V1Card())));
    }

    [Fact]
    public void A_model_over_the_size_cap_is_refused()
    {
        string path = Write(V1Model(), V1Card());
        long size = new FileInfo(path).Length;
        var refused = Assert.Throws<ModelTooLargeException>(() => RegressorModel.Load(path, new ModelLoadOptions { MaxBytes = size - 1 }));
        Assert.Equal(size, refused.Bytes);
        Assert.Equal(50L * 1024 * 1024, new ModelLoadOptions().MaxBytes);
    }

    [Fact]
    public void External_data_counts_towards_the_size_cap()
    {
        var proto = V1Model();
        MoveToExternal(proto, "layer0.weight", "weights.bin");
        string path = Write(proto, V1Card());
        long total = new FileInfo(path).Length + new FileInfo(_folder.File("weights.bin")).Length;
        using (RegressorModel.Load(path, new ModelLoadOptions { MaxBytes = total }))
        {
        }

        var refused = Assert.Throws<ModelTooLargeException>(() => RegressorModel.Load(path, new ModelLoadOptions { MaxBytes = total - 1 }));
        Assert.Equal(total, refused.Bytes);
    }

    [Fact]
    public void External_data_inside_the_folder_is_inlined_and_scores_like_the_inline_model()
    {
        var inline = V1Model();
        var external = inline.Clone();
        MoveToExternal(external, "layer0.weight", "weights.bin");
        MoveToExternal(external, "layer1.weight", "weights.bin");
        string inlinePath = Write(inline, V1Card(), "inline");
        string externalPath = Write(external, V1Card("external"), "external");

        var verified = OnnxModelGuard.Verify(externalPath, []);
        Assert.Equal(["weights.bin"], verified.ExternalDataFiles);
        Assert.All(ModelProto.Parser.ParseFrom(verified.RuntimeBytes).Graph.Initializer, t => Assert.Empty(t.ExternalData));

        var columns = TestModels.Canonical6.Select((name, j) => (name, j))
            .ToDictionary(c => c.name, c => Enumerable.Range(0, 5).Select(i => Math.Sin(i + 3.0 * c.j)).ToArray());
        using var a = RegressorModel.Load(inlinePath);
        using var b = RegressorModel.Load(externalPath);
        Assert.Equal(a.Predict(columns).Scores, b.Predict(columns).Scores);
    }

    [Theory]
    [InlineData("/etc/passwd", "absolute")]
    [InlineData("../weights.bin", "'..'")]
    [InlineData("sub/../../weights.bin", "'..'")]
    public void External_data_outside_the_model_folder_is_refused(string location, string reason)
    {
        var proto = V1Model();
        MoveToExternal(proto, "layer0.weight", "weights.bin");
        SetLocation(proto, "layer0.weight", location);
        var refused = Assert.Throws<ExternalDataOutsideModelFolderException>(() => RegressorModel.Load(Write(proto, V1Card())));
        Assert.Equal(location, refused.Location);
        Assert.Contains(reason, refused.Message);
    }

    [Fact]
    public void External_data_through_a_symlink_leaving_the_folder_is_refused()
    {
        using var outside = new TempFolder();
        var proto = V1Model();
        MoveToExternal(proto, "layer0.weight", "weights.bin");
        File.Move(_folder.File("weights.bin"), outside.File("weights.bin"));
        File.CreateSymbolicLink(_folder.File("weights.bin"), outside.File("weights.bin"));
        var refused = Assert.Throws<ExternalDataOutsideModelFolderException>(() => RegressorModel.Load(Write(proto, V1Card())));
        Assert.Contains("outside", refused.Message);
    }

    [Fact]
    public void External_data_through_a_symlink_that_stays_in_the_folder_loads()
    {
        var proto = V1Model();
        MoveToExternal(proto, "layer0.weight", "weights.bin");
        Directory.CreateDirectory(_folder.File("data"));
        File.Move(_folder.File("weights.bin"), _folder.File("data/weights.bin"));
        File.CreateSymbolicLink(_folder.File("weights.bin"), "data/weights.bin");
        using var model = RegressorModel.Load(Write(proto, V1Card()));
    }

    [Fact]
    public void A_model_whose_bytes_differ_from_its_registry_pin_is_refused()
    {
        string path = Write(V1Model(), V1Card());
        string registryPath = _folder.File(ModelRegistry.FileName);
        new ModelRegistry().With(new RegistryEntry { Id = "m", Onnx = "m.onnx", Sha256 = new string('0', 64) }).Write(registryPath);

        var refused = Assert.Throws<ModelHashMismatchException>(() => RegressorModel.Load(path));
        Assert.Equal(registryPath, refused.PinnedBy);
        Assert.Contains(path, refused.Message);
    }

    [Fact]
    public void A_model_matching_its_registry_pin_loads_and_says_it_is_registered()
    {
        string path = Write(V1Model(), V1Card());
        string sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));
        string registryPath = _folder.File(ModelRegistry.FileName);
        new ModelRegistry().With(new RegistryEntry { Id = "m", Onnx = "m.onnx", Sha256 = sha.ToUpperInvariant() }).Write(registryPath);
        using var model = RegressorModel.Load(path);
        Assert.Equal(registryPath, model.RegistryPath);
        Assert.True(model.IsRegistered);
    }

    [Fact]
    public void A_registry_given_explicitly_pins_the_model_by_its_id()
    {
        using var elsewhere = new TempFolder();
        string registryPath = elsewhere.File("registry.json");
        new ModelRegistry().With(new RegistryEntry { Id = "m", Onnx = "other-name.onnx", Sha256 = new string('a', 64) }).Write(registryPath);
        string path = Write(V1Model(), V1Card());
        Assert.Throws<ModelHashMismatchException>(() => RegressorModel.Load(path, new ModelLoadOptions { RegistryPath = registryPath }));
    }

    [Fact]
    public void A_model_whose_bytes_differ_from_its_sidecar_pin_is_refused()
    {
        string path = Write(V1Model(), V1Card() with { Sha256 = new string('f', 64) });
        var refused = Assert.Throws<ModelHashMismatchException>(() => RegressorModel.Load(path));
        Assert.EndsWith("m.json", refused.PinnedBy);
    }

    [Fact]
    public void A_swapped_external_data_file_is_refused_by_its_sidecar_pin()
    {
        var proto = V1Model();
        MoveToExternal(proto, "layer0.weight", "weights.bin");
        string path = Write(proto, V1Card());
        using (RegressorModel.Load(path))
        {
        }

        // Same length, other weights: the .onnx (and its pin) is untouched, only the bytes it reads changed.
        byte[] data = File.ReadAllBytes(_folder.File("weights.bin"));
        data[^1] ^= 0x40;
        File.WriteAllBytes(_folder.File("weights.bin"), data);
        var refused = Assert.Throws<ModelHashMismatchException>(() => RegressorModel.Load(path));
        Assert.Equal(_folder.File("weights.bin"), refused.ModelPath);
        Assert.EndsWith("m.json", refused.PinnedBy);
    }

    [Fact]
    public void External_data_that_no_pin_lists_is_refused_even_when_the_onnx_is_pinned()
    {
        var proto = V1Model();
        MoveToExternal(proto, "layer0.weight", "weights.bin");
        var card = V1Card() with { Sha256 = Sha256(proto.ToByteArray()) };
        var refused = Assert.Throws<UnpinnedModelException>(() => RegressorModel.Load(Write(proto, card)));
        Assert.Contains("weights.bin", refused.Message);
        Assert.Contains("external_data", refused.Message);
    }

    [Fact]
    public void A_registry_entry_pins_external_data_for_a_sidecar_that_does_not_and_refuses_a_swap()
    {
        var proto = V1Model();
        MoveToExternal(proto, "layer0.weight", "weights.bin");
        string path = Write(proto, V1Card() with { Sha256 = Sha256(proto.ToByteArray()) });
        string registryPath = _folder.File(ModelRegistry.FileName);
        new ModelRegistry().With(new RegistryEntry
        {
            Id = "m", Onnx = "m.onnx", Sha256 = Sha256(File.ReadAllBytes(path)),
            ExternalData = new Dictionary<string, string> { ["weights.bin"] = Sha256(File.ReadAllBytes(_folder.File("weights.bin"))) },
        }).Write(registryPath);
        using (var model = RegressorModel.Load(path))
        {
            Assert.True(model.IsRegistered);
        }

        byte[] data = File.ReadAllBytes(_folder.File("weights.bin"));
        data[20] ^= 0x01;
        File.WriteAllBytes(_folder.File("weights.bin"), data);
        var refused = Assert.Throws<ModelHashMismatchException>(() => RegressorModel.Load(path));
        Assert.Equal(registryPath, refused.PinnedBy);
        Assert.Contains("weights.bin", refused.Message);
    }

    [Fact]
    public void An_unregistered_model_whose_sidecar_pins_no_sha256_is_refused()
    {
        string path = Write(V1Model(), V1Card());
        V1Card().Write(_folder.File("m.json"));
        var refused = Assert.Throws<UnpinnedModelException>(() => RegressorModel.Load(path));
        Assert.Contains(path, refused.Message);
        Assert.Contains("no model registry", refused.Message);
    }

    [Fact]
    public void An_unregistered_model_loads_on_a_matching_sidecar_pin_and_says_it_is_unregistered()
    {
        using var model = RegressorModel.Load(Write(V1Model(), V1Card()));
        Assert.False(model.IsRegistered);
        Assert.Equal(model.Card.Sha256, model.Sha256);
    }

    [Fact]
    public void ONNX_Runtime_refusing_a_graph_the_guard_let_through_is_a_malformed_model_naming_the_file()
    {
        // Minimal input found by the fuzzer: an initializer whose raw_data disagrees with its shape.
        var proto = V1Model();
        var bias = proto.Graph.Initializer.First(t => t.Name == "layer1.bias");
        bias.RawData = ByteString.CopyFrom([.. bias.RawData.Span, 0, 0, 0, 0]);
        string path = Write(proto, V1Card());
        var refused = Assert.Throws<MalformedModelException>(() => RegressorModel.Load(path));
        Assert.Contains(path, refused.Message);
        Assert.Contains("ONNX Runtime", refused.Message);
    }

    [Fact]
    public void A_codec_aware_model_pinning_another_codec_vocabulary_version_is_refused()
    {
        string path = Write(V2Model(), V2Card() with { CodecVocabVersion = 2 });
        var refused = Assert.Throws<CodecVocabularyMismatchException>(() => RegressorModel.Load(path));
        Assert.Contains("version 2", refused.Message);
        Assert.Contains("m.json", refused.Message);
    }

    [Fact]
    public void A_codec_aware_model_with_the_same_version_but_other_entries_is_refused()
    {
        string path = Write(V2Model(), V2Card() with { CodecVocab = ["x264", "x265", "libaom", "libvvenc", "libvpx-vp9", "unknown"] });
        Assert.Throws<CodecVocabularyMismatchException>(() => RegressorModel.Load(path));
    }

    [Fact]
    public void A_codec_aware_model_whose_sidecar_pins_no_codec_vocabulary_is_refused()
    {
        string path = Write(V2Model(), V2Card() with { CodecVocab = null, CodecVocabVersion = null });
        Assert.Throws<CodecVocabularyMismatchException>(() => RegressorModel.Load(path));
    }

    [Fact]
    public void A_codec_aware_model_pinning_our_vocabulary_loads_and_a_codec_blind_one_ignores_the_version()
    {
        using (var v2 = RegressorModel.Load(Write(V2Model(), V2Card(), "v2")))
        {
            Assert.True(v2.IsCodecAware);
        }

        using var v1 = RegressorModel.Load(Write(V1Model(), V1Card("v1") with { CodecVocabVersion = 7 }, "v1"));
        Assert.False(v1.IsCodecAware);
    }

    [Fact]
    public void Bytes_that_are_not_an_onnx_model_are_refused()
    {
        // The sidecar pins the bytes, so the refusal is the parser's, not the pin's.
        File.WriteAllText(_folder.File("m.onnx"), "{ \"this is\": \"json\" }");
        (V1Card() with { Sha256 = Sha256(File.ReadAllBytes(_folder.File("m.onnx"))) }).Write(_folder.File("m.json"));
        Assert.Throws<MalformedModelException>(() => RegressorModel.Load(_folder.File("m.onnx")));

        File.WriteAllBytes(_folder.File("m.onnx"), []);
        (V1Card() with { Sha256 = Sha256([]) }).Write(_folder.File("m.json"));
        Assert.Throws<MalformedModelException>(() => RegressorModel.Load(_folder.File("m.onnx")));
    }

    [Fact]
    public void Missing_external_data_is_refused()
    {
        var proto = V1Model();
        MoveToExternal(proto, "layer0.weight", "weights.bin");
        File.Delete(_folder.File("weights.bin"));
        Assert.Throws<MalformedModelException>(() => RegressorModel.Load(Write(proto, V1Card())));
    }

    [Fact]
    public void A_model_without_a_sidecar_is_refused()
    {
        File.WriteAllBytes(_folder.File("m.onnx"), V1Model().ToByteArray());
        var refused = Assert.Throws<ModelCardMismatchException>(() => RegressorModel.Load(_folder.File("m.onnx")));
        Assert.Contains("m.json", refused.Message);
    }

    [Fact]
    public void A_sidecar_that_does_not_describe_the_graph_is_refused()
    {
        Assert.Throws<ModelCardMismatchException>(() => RegressorModel.Load(Write(V1Model(), V1Card() with { OutputNames = ["vmaf"] }, "a")));
        Assert.Throws<ModelCardMismatchException>(() => RegressorModel.Load(Write(V1Model(), V1Card("b") with { InputNames = ["features", "codec_onehot"] }, "b")));
        var five = V1Card("c") with { FeatureOrder = ["a", "b", "c", "d", "e"], FeatureMean = [0, 0, 0, 0, 0], FeatureStd = [1, 1, 1, 1, 1] };
        Assert.Throws<ModelCardMismatchException>(() => RegressorModel.Load(Write(V1Model(), five, "c")));
    }

    [Fact]
    public void A_graph_with_inputs_we_cannot_feed_is_refused()
    {
        var proto = V2Model();
        proto.Graph.Input[1].Name = "codec";
        proto.Graph.Node[0].Input[1] = "codec";
        var card = V2Card() with { InputNames = ["features", "codec"] };
        var refused = Assert.Throws<UnsupportedModelSignatureException>(() => RegressorModel.Load(Write(proto, card)));
        Assert.Contains("codec", refused.Message);
    }

    private static ModelProto V1Model() => OnnxExporter.Build(TestModels.RandomWeights(11, 6, hidden: 8), codecAware: false);

    private static ModelProto V2Model() => OnnxExporter.Build(TestModels.RandomWeights(12, 12, hidden: 8), codecAware: true);

    private static ModelCard V1Card(string id = "m") => TestModels.Card(id, TestModels.Canonical6, codecAware: false);

    private static ModelCard V2Card(string id = "m") =>
        TestModels.Card(id, TestModels.Canonical6, codecAware: true) with { InputNames = ["features", "codec_onehot"] };

    /// <summary>
    /// Writes the model and its sidecar. The sidecar pins the bytes written (the .onnx, and each external-data file
    /// that exists) unless the card brings its own sha256: outside a registry, the sidecar's pin is what lets a model load.
    /// </summary>
    private string Write(ModelProto model, ModelCard card, string? id = null)
    {
        id ??= card.Id;
        card = card with { Id = id, Onnx = id + ".onnx" };
        string path = _folder.File(card.Onnx);
        byte[] bytes = model.ToByteArray();
        File.WriteAllBytes(path, bytes);
        if (card.Sha256 is null)
        {
            var locations = model.Graph.Initializer.SelectMany(t => t.ExternalData).Where(e => e.Key == "location").Select(e => e.Value).Distinct();
            var pins = locations.Where(l => File.Exists(_folder.File(l)) && !Path.IsPathRooted(l))
                .ToDictionary(l => l, l => Sha256(File.ReadAllBytes(_folder.File(l))));
            card = card with { Sha256 = Sha256(bytes), ExternalData = pins.Count > 0 ? pins : null };
        }

        card.Write(ModelCard.SidecarPathOf(path));
        return path;
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));

    /// <summary>Moves an initializer's bytes into <paramref name="file"/> (appended, after a few bytes of padding).</summary>
    private void MoveToExternal(ModelProto model, string initializer, string file)
    {
        var tensor = model.Graph.Initializer.Single(t => t.Name == initializer);
        string path = _folder.File(file);
        using var stream = new FileStream(path, FileMode.Append);
        stream.Write(new byte[13]);
        long offset = stream.Position;
        stream.Write(tensor.RawData.Span);
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = file });
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = offset.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = tensor.RawData.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        tensor.DataLocation = TensorProto.Types.DataLocation.External;
        tensor.RawData = ByteString.Empty;
    }

    private static void SetLocation(ModelProto model, string initializer, string location) =>
        model.Graph.Initializer.Single(t => t.Name == initializer).ExternalData.Single(e => e.Key == "location").Value = location;
}
