namespace Mouthpiece.Web;

/// <summary>The server would be reachable from other machines without an API key; the message says how to set one.</summary>
public sealed class UnsafeToServeException : InvalidOperationException
{
    public UnsafeToServeException()
        : this("Refusing to listen beyond loopback without an API key.")
    {
    }

    public UnsafeToServeException(string message)
        : base(message)
    {
    }

    public UnsafeToServeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
