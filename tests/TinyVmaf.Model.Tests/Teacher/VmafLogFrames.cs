using System.Text.Json;

namespace TinyVmaf.Model.Tests.Teacher;

/// <summary>
/// A test-side reader of libvmaf JSON logs: every numeric metric of <c>frames[i].metrics</c> as one column
/// per key. Kept here so that the model's tests do not depend on the Features project.
/// </summary>
internal static class VmafLogFrames
{
    public static Dictionary<string, double[]> Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var frames = document.RootElement.GetProperty("frames");
        int count = frames.GetArrayLength();
        var columns = new Dictionary<string, double[]>(StringComparer.Ordinal);
        int row = 0;
        foreach (var frame in frames.EnumerateArray())
        {
            foreach (var metric in frame.GetProperty("metrics").EnumerateObject())
            {
                if (!columns.TryGetValue(metric.Name, out double[]? column))
                {
                    column = new double[count];
                    column.AsSpan().Fill(double.NaN);
                    columns[metric.Name] = column;
                }

                column[row] = metric.Value.ValueKind == JsonValueKind.Number ? metric.Value.GetDouble() : double.NaN;
            }

            row++;
        }

        return columns;
    }
}
