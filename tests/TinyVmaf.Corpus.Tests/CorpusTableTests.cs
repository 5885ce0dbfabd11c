namespace TinyVmaf.Corpus.Tests;

public sealed class CorpusTableTests
{
    private static CorpusTable Sample() => new(
        sources: ["s1", "s1", "s2"],
        units: ["a", "a", "b"],
        frameIndices: [0, 1, 0],
        codecs: ["x264", "x264", "unknown"],
        codecRaw: ["h264", "h264", ""],
        mos: [10, 10, 90],
        vmaf: null,
        encoders: ["libx264", "libx264", null],
        presets: null,
        crf: [23, 23, double.NaN],
        bitrateKbps: [512.5, 512.5, 1000],
        features: new Dictionary<string, double[]>
        {
            ["vif_scale0"] = [0.5, 0.25, 0.125],
            ["adm2"] = [0.9, 0.8, 0.7],
            ["psnr_y"] = [30.000000000000004, 40, double.NaN],
        },
        metadata: new Dictionary<string, string> { ["note"] = "x" },
        datasets: ["appeal", "appeal", "nvc"]);

    [Fact]
    public void Writing_and_reading_back_keeps_every_column_null_and_bit()
    {
        using var temp = new TempDirectory();
        var table = Sample();

        table.Write(temp.File("c.parquet"));
        var back = CorpusTable.Read(temp.File("c.parquet"));

        Assert.Equal(["c.parquet"], temp.Files());
        Assert.Equal(["appeal", "appeal", "nvc"], back.Datasets);
        Assert.Equal(table.Sources, back.Sources);
        Assert.Equal(table.Units, back.Units);
        Assert.Equal(table.FrameIndices, back.FrameIndices);
        Assert.Equal(table.Codecs, back.Codecs);
        Assert.Equal(table.CodecRaw, back.CodecRaw);
        Assert.Equal(table.Mos, back.Mos);
        Assert.Null(back.Vmaf);
        Assert.Equal(table.Encoders, back.Encoders);
        Assert.Null(back.Presets);
        Assert.Equal(table.Crf, back.Crf);
        Assert.Equal(table.BitrateKbps, back.BitrateKbps);
        Assert.Equal(["adm2", "vif_scale0", "psnr_y"], back.FeatureNames);
        foreach (string name in back.FeatureNames)
        {
            Assert.Equal(table.Feature(name).ToArray(), back.Feature(name).ToArray());
        }

        Assert.Equal("x", back.Metadata["note"]);
    }

    [Fact]
    public async Task The_columns_are_written_in_the_contracts_order()
    {
        using var temp = new TempDirectory();
        Sample().Write(temp.File("c.parquet"));

        var schema = await Parquet.ParquetReader.ReadSchemaAsync(temp.File("c.parquet"));

        Assert.Equal(
            ["dataset", "source", "dis_basename", "frame_index", "codec", "codec_raw", "mos", "encoder", "crf", "bitrate_kbps", "adm2", "vif_scale0", "psnr_y"],
            schema.GetDataFields().Select(f => f.Name));
    }

    [Fact]
    public async Task A_corpus_written_before_the_dataset_column_reads_as_its_notes_dataset_else_its_file_stem()
    {
        using var temp = new TempDirectory();
        await WriteLegacyAsync(temp.File("old_appeal.parquet"), note: null);
        await WriteLegacyAsync(temp.File("built.parquet"), note: "netflix-public");

        Assert.Equal(["old_appeal", "old_appeal"], CorpusTable.Read(temp.File("old_appeal.parquet")).Datasets);
        Assert.Equal(["netflix-public", "netflix-public"], CorpusTable.Read(temp.File("built.parquet")).Datasets);
    }

    [Fact]
    public void Videos_of_one_name_in_two_datasets_are_two_videos()
    {
        var table = new CorpusTable(
            ["s", "s"], ["v.mkv", "v.mkv"], [0, 0], ["x264", "x264"], ["", ""], null, null, null, null, null, null,
            new Dictionary<string, double[]>(), null, ["a", "b"]);

        Assert.Equal("a/v.mkv", table.VideoKey(0));
        Assert.Equal(2, table.Describe().Units);
        Assert.Equal([new DatasetCount("a", 1, 1, 1), new DatasetCount("b", 1, 1, 1)], table.Describe().Datasets);
    }

    /// <summary>Writes the layout corpora had before the dataset column (format 1 without it), with Parquet.Net directly.</summary>
    private static async Task WriteLegacyAsync(string path, string? note)
    {
        var fields = new Parquet.Schema.DataField[]
        {
            new Parquet.Schema.DataField<string>("source"),
            new Parquet.Schema.DataField<string>("dis_basename"),
            new Parquet.Schema.DataField<int>("frame_index"),
            new Parquet.Schema.DataField<string>("codec"),
            new Parquet.Schema.DataField<double>("adm2"),
        };
        await using var stream = File.Create(path);
        await using var writer = await Parquet.ParquetWriter.CreateAsync(new Parquet.Schema.ParquetSchema(fields), stream);
        if (note is not null)
        {
            writer.CustomMetadata = new Dictionary<string, string> { ["tinyvmaf.dataset"] = note };
        }

        using var group = writer.CreateRowGroup();
        await group.WriteAsync(fields[0], (IReadOnlyCollection<string>)new[] { "s", "s" });
        await group.WriteAsync(fields[1], (IReadOnlyCollection<string>)new[] { "v", "v" });
        await group.WriteAsync(fields[2], new ReadOnlyMemory<int>([0, 1]));
        await group.WriteAsync(fields[3], (IReadOnlyCollection<string>)new[] { "x264", "x264" });
        await group.WriteAsync(fields[4], new ReadOnlyMemory<double>([0.5, 0.6]));
        group.CompleteValidate();
    }

    [Fact]
    public void The_feature_matrix_is_row_major_float32_in_the_requested_order()
    {
        var matrix = Sample().FeatureMatrix(["vif_scale0", "adm2"]);
        Assert.Equal([0.5f, 0.9f, 0.25f, 0.8f, 0.125f, 0.7f], matrix);
    }

    [Fact]
    public void Asking_for_absent_features_names_each_of_them()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => Sample().FeatureMatrix(["adm2", "motion2", "cambi"]));
        Assert.Contains("motion2, cambi", error.Message, StringComparison.Ordinal);
        Assert.Contains("it has: adm2, vif_scale0, psnr_y", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Labels_are_found_by_target_name_and_an_absent_one_is_named()
    {
        var table = Sample();
        Assert.Equal([10.0, 10, 90], table.Label("mos"));
        Assert.False(table.HasLabel("vmaf"));
        var error = Assert.Throws<KeyNotFoundException>(() => table.Label("vmaf"));
        Assert.Contains("it has: mos", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_counts_units_per_codec_and_ranges_over_known_values()
    {
        var description = Sample().Describe();
        Assert.Equal(3, description.Rows);
        Assert.Equal(2, description.Units);
        Assert.Equal([new CodecCount("unknown", 1, 1), new CodecCount("x264", 2, 1)], description.Codecs);
        Assert.Equal(new ValueRange(23, 23, 23, 2), description.Crf);
        Assert.Null(description.Vmaf);
        var text = new StringWriter();
        description.WriteTo(text);
        Assert.Contains("absent    adm_scale0, adm_scale1", text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_corpus_is_refused_with_what_it_lacks()
    {
        using var temp = new TempDirectory();
        var error = Assert.Throws<InvalidDataException>(() => CorpusTable.Read(temp.Write("x.parquet", "not parquet")));
        Assert.Contains("x.parquet", error.Message, StringComparison.Ordinal);
    }
}
