using TinyVmaf.Features.Extraction;

namespace TinyVmaf.Features.Tests.Extraction;

/// <summary>Records what an extractor writes, in order, for tests that look at one extractor alone.</summary>
internal sealed class RecordingSink : IFeatureSink
{
    public List<(int Frame, string Key, double Value)> Writes { get; } = [];

    public void Write(int frameIndex, string libvmafKey, double value) => Writes.Add((frameIndex, libvmafKey, value));

    public double this[int frame, string key] => Writes.Single(w => w.Frame == frame && w.Key == key).Value;

    public IEnumerable<string> KeysOf(int frame) => Writes.Where(w => w.Frame == frame).Select(w => w.Key);
}
