namespace Mouthpiece.Web.Uploads;

/// <summary>An upload the server will not keep, with the HTTP status and a reason the user can act on.</summary>
public sealed class UploadRejectedException : Exception
{
    public UploadRejectedException(int statusCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
    }

    public UploadRejectedException()
        : this(StatusCodes.Status400BadRequest, "upload rejected")
    {
    }

    public UploadRejectedException(string message)
        : this(StatusCodes.Status400BadRequest, message)
    {
    }

    public UploadRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = StatusCodes.Status400BadRequest;
    }

    public int StatusCode { get; }
}
