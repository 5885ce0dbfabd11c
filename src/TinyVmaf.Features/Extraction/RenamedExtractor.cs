namespace TinyVmaf.Features.Extraction;

/// <summary>
/// An extractor whose keys are renamed (libvmaf's option suffix appended) or dropped (provided by another
/// instance already). The map is built once; a write costs one dictionary lookup and allocates nothing.
/// </summary>
internal sealed class RenamedExtractor(IFeatureExtractor inner, IReadOnlyDictionary<string, string?> keyMap) : IFeatureExtractor
{
    private readonly Sink _sink = new(keyMap);

    public void Extract(Video.FramePair pair, IFeatureSink sink) => inner.Extract(pair, _sink.To(sink));

    public void Flush(IFeatureSink sink) => inner.Flush(_sink.To(sink));

    public void Dispose() => inner.Dispose();

    private sealed class Sink(IReadOnlyDictionary<string, string?> keyMap) : IFeatureSink
    {
        private IFeatureSink? _target;

        public Sink To(IFeatureSink target)
        {
            _target = target;
            return this;
        }

        public void Write(int frameIndex, string libvmafKey, double value)
        {
            if (keyMap.TryGetValue(libvmafKey, out string? renamed))
            {
                if (renamed is not null)
                {
                    _target!.Write(frameIndex, renamed, value);
                }
            }
            else
            {
                _target!.Write(frameIndex, libvmafKey, value);
            }
        }
    }
}
