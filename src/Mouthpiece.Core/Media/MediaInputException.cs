using Mouthpiece.Messages;

namespace Mouthpiece.Media;

/// <summary>
/// A user's file cannot be used, for a reason the user can act on: the file, then the problem (a code
/// from <see cref="Codes.Inputs"/>). The CLI turns it into exit code 2, the API into a 4xx problem.
/// </summary>
public sealed class MediaInputException : ProblemException
{
    public MediaInputException(string path, Message problem)
        : base($"{path}: {problem}", problem)
    {
        FilePath = path;
    }

    public MediaInputException()
        : this("(unknown file)", Codes.Errors.Unexpected("unusable input"))
    {
    }

    public MediaInputException(string message)
        : this("(unknown file)", Codes.Errors.Unexpected(message))
    {
    }

    public MediaInputException(string message, Exception innerException)
        : base(message, innerException)
    {
        FilePath = "(unknown file)";
    }

    public string FilePath { get; } = "(unknown file)";
}
