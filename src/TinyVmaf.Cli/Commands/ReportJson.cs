using System.Text.Json.Serialization;
using TinyVmaf.Corpus.Evaluation;
using TinyVmaf.Model.Anchored;
using TinyVmaf.Model.Evaluation;

namespace TinyVmaf.Cli.Commands;

/// <summary>
/// The reports the commands write and read back, serialised by code generated at build time rather than by
/// reflection: the same JSON, and the native (ahead-of-time compiled) CLI can write it.
/// </summary>
[JsonSerializable(typeof(ComparisonReport))]
[JsonSerializable(typeof(DatasetHoldoutReport))]
[JsonSerializable(typeof(LosoReport))]
[JsonSerializable(typeof(MetricSet))]
[JsonSerializable(typeof(EvaluationReport))]
[JsonSerializable(typeof(string))]
internal sealed partial class ReportJson : JsonSerializerContext;
