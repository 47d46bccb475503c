using System.CommandLine;
using Mouthpiece.Speech;

namespace Mouthpiece.Cli;

/// <summary>Options shared by every command.</summary>
internal static class CommonOptions
{
    public static readonly Option<string?> Data = new("--data")
    {
        Description = $"Data directory (default: ${DataDirectory.EnvironmentVariable} or ./data)",
        Recursive = true,
    };

    public static readonly Option<string?> TtsUrl = new("--tts-url")
    {
        Description = $"HeyGem-compatible TTS service for the 'service' voice, e.g. http://127.0.0.1:18180 (default: ${TtsServiceOptions.EnvironmentVariable})",
        Recursive = true,
    };

    public static DataDirectory ResolveData(ParseResult parse) => DataDirectory.Resolve(parse.GetValue(Data));

    /// <summary>The TTS service from --tts-url or the environment; null when neither names one.</summary>
    public static TtsServiceOptions? ResolveTtsService(ParseResult parse) => TtsServiceOptions.From(parse.GetValue(TtsUrl));
}
