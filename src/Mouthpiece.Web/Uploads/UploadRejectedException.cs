using Mouthpiece.Messages;

namespace Mouthpiece.Web.Uploads;

/// <summary>An upload or submission the server will not take, with the HTTP status and a reason the user can act on.</summary>
public sealed class UploadRejectedException : ProblemException
{
    public UploadRejectedException(int statusCode, Message problem)
        : base(problem)
    {
        StatusCode = statusCode;
    }

    public UploadRejectedException()
        : this(StatusCodes.Status400BadRequest, Codes.Errors.Unexpected("upload rejected"))
    {
    }

    public UploadRejectedException(string message)
        : this(StatusCodes.Status400BadRequest, Codes.Errors.Unexpected(message))
    {
    }

    public UploadRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = StatusCodes.Status400BadRequest;
    }

    public int StatusCode { get; }
}
