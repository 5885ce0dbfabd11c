using System.Diagnostics;

namespace TinyVmaf.Cli;

/// <summary>
/// A one-line progress display on stderr (frames done, frames per second, time left when the total is
/// known), drawn only when stderr is a terminal so that logs and pipes stay clean.
/// </summary>
internal sealed class ProgressLine : IProgress<int>, IDisposable
{
    private readonly TextWriter _stderr;
    private readonly string _what;
    private readonly int? _total;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private long _lastDrawMs = -1000;
    private bool _drawn;

    private ProgressLine(TextWriter stderr, string what, int? total)
    {
        _stderr = stderr;
        _what = what;
        _total = total;
    }

    /// <summary>A progress line, or null when stderr is not a terminal.</summary>
    public static ProgressLine? ForTerminal(TextWriter stderr, string what, int? total = null) =>
        ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected ? new ProgressLine(stderr, what, total) : null;

    /// <summary>Time since the line was made, for callers that draw their own text.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    public void Report(int done) =>
        Draw(
            () =>
            {
                double rate = done / Math.Max(_clock.Elapsed.TotalSeconds, 1e-9);
                return _total is int total and > 0
                    ? $"{_what}: {done}/{total} ({100.0 * done / total:F0}%), {rate:F1}/s, {TimeSpan.FromSeconds(Math.Max(0, (total - done) / Math.Max(rate, 1e-9))):mm\\:ss} left"
                    : $"{_what}: {done}, {rate:F1}/s";
            },
            force: done == _total);

    /// <summary>Draws a line the caller composes (at most five times a second unless <paramref name="force"/>).</summary>
    public void Draw(Func<string> line, bool force = false)
    {
        lock (_gate)
        {
            long now = _clock.ElapsedMilliseconds;
            if (now - _lastDrawMs < 200 && !force)
            {
                return;
            }

            _lastDrawMs = now;
            _stderr.Write($"\r{line(),-78}");
            _drawn = true;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_drawn)
            {
                _stderr.Write('\r' + new string(' ', 78) + '\r');
            }
        }
    }
}
