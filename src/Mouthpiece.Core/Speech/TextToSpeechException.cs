namespace Mouthpiece.Speech;

/// <summary>
/// Speech could not be made from a script for a reason outside the script itself: espeak-ng is not installed,
/// the TTS service is unreachable or answered something that is not audio. A script or voice the user can
/// correct is a <see cref="Media.MediaInputException"/> instead.
/// </summary>
public sealed class TextToSpeechException : InvalidOperationException
{
    public TextToSpeechException(string message)
        : base(message)
    {
    }

    public TextToSpeechException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TextToSpeechException()
        : base("speech could not be made from the script")
    {
    }
}
