namespace Mouthpiece.Messages;

/// <summary>
/// A failure a person can act on, carrying its <see cref="Problem"/> as a code with parameters so each
/// screen can word it in its reader's language. <see cref="Exception.Message"/> is the English text, for logs.
/// </summary>
public class ProblemException : Exception
{
    public ProblemException(Message problem)
        : this(problem.ToString(), problem)
    {
    }

    public ProblemException()
        : this(Codes.Errors.Unexpected("unknown error"))
    {
    }

    public ProblemException(string message)
        : this(Codes.Errors.Unexpected(message))
    {
    }

    public ProblemException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problem = Codes.Errors.Unexpected(message);
    }

    protected ProblemException(string message, Message problem)
        : base(message)
    {
        Problem = problem;
    }

    public Message Problem { get; }
}
