namespace TinyVmaf.Features.Video;

/// <summary>A video input that cannot be read as asked; the message names the file and the problem.</summary>
public sealed class VideoInputException : Exception
{
    public VideoInputException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner)
    {
        Path = path;
        Problem = problem;
    }

    public string Path { get; }

    public string Problem { get; }
}
