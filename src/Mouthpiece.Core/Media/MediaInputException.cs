namespace Mouthpiece.Media;

/// <summary>
/// A user's file cannot be used, for a reason the user can act on. The message is one line:
/// the file, then the problem. The CLI turns it into exit code 2, the API into a 4xx problem.
/// </summary>
public sealed class MediaInputException : Exception
{
    public MediaInputException(string path, string problem)
        : base($"{path}: {problem}")
    {
        FilePath = path;
        Problem = problem;
    }

    public MediaInputException()
        : this("(unknown file)", "unusable input")
    {
    }

    public MediaInputException(string message)
        : this("(unknown file)", message)
    {
    }

    public MediaInputException(string message, Exception innerException)
        : base(message, innerException)
    {
        FilePath = "(unknown file)";
        Problem = message;
    }

    public string FilePath { get; } = "(unknown file)";

    public string Problem { get; } = "unusable input";
}
