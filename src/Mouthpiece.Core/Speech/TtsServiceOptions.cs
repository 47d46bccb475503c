namespace Mouthpiece.Speech;

/// <summary>
/// An external text-to-speech service compatible with HeyGem's (its fish-speech based <c>POST /v1/invoke</c>),
/// for natural or cloned voices. Configured by URL: <c>MOUTHPIECE_TTS_URL</c>, <c>Mouthpiece:TtsUrl</c> or <c>--tts-url</c>.
/// </summary>
public sealed record TtsServiceOptions
{
    public const string EnvironmentVariable = "MOUTHPIECE_TTS_URL";
    public const string ReferenceAudioVariable = "MOUTHPIECE_TTS_REFERENCE_AUDIO";
    public const string ReferenceTextVariable = "MOUTHPIECE_TTS_REFERENCE_TEXT";

    private const string InvokePath = "/v1/invoke";

    /// <param name="url">The service's address (<c>http://127.0.0.1:18180</c>) or its full invoke URL.</param>
    /// <exception cref="FormatException">Not an absolute http(s) URL.</exception>
    public TtsServiceOptions(string url)
    {
        if (!Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
            throw new FormatException($"the TTS service URL '{url}' is not an http:// or https:// address");
        var path = parsed.AbsolutePath.TrimEnd('/');
        Endpoint = path.EndsWith(InvokePath, StringComparison.Ordinal) ? parsed : new Uri(parsed, path + InvokePath);
    }

    /// <summary>Where requests go: the configured address with <c>/v1/invoke</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>A reference recording for voice cloning, as a path the service itself can read (HeyGem's <c>reference_audio</c>).</summary>
    public string? ReferenceAudio { get; init; }

    /// <summary>What is said in <see cref="ReferenceAudio"/> (HeyGem's <c>reference_text</c>).</summary>
    public string? ReferenceText { get; init; }

    /// <summary>How long one script may take the service; long scripts on a busy GPU take minutes.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The service from <paramref name="url"/>, else from the environment; null when neither names one.</summary>
    public static TtsServiceOptions? From(string? url)
    {
        url = string.IsNullOrWhiteSpace(url) ? Environment.GetEnvironmentVariable(EnvironmentVariable) : url;
        if (string.IsNullOrWhiteSpace(url))
            return null;
        return new TtsServiceOptions(url)
        {
            ReferenceAudio = Environment.GetEnvironmentVariable(ReferenceAudioVariable),
            ReferenceText = Environment.GetEnvironmentVariable(ReferenceTextVariable),
        };
    }
}
