using Mouthpiece.Media;
using Mouthpiece.Messages;
using Mouthpiece.Speech.Espeak;

namespace Mouthpiece.Speech;

public enum VoiceKind
{
    /// <summary>espeak-ng, in the process: its phoneme events drive the mouth exactly.</summary>
    BuiltIn,

    /// <summary>The external TTS service (HeyGem-compatible <c>POST /v1/invoke</c>): natural or cloned voices; the mouth follows the audio.</summary>
    Service,
}

/// <param name="Name">What <c>--voice</c> and the API take, e.g. <c>en-us</c>, <c>cmn</c>, <c>service</c>.</param>
/// <param name="Language">The voice's language code.</param>
/// <param name="Description">For people, e.g. "English (America)".</param>
public sealed record Voice(string Name, string Language, string Description, VoiceKind Kind);

/// <summary>
/// The voices a script can be read in: every espeak-ng voice installed on the machine, named after its
/// espeak-ng file (<c>en-us</c>, <c>de</c>, <c>fr</c>…), and <c>service</c> when a TTS service is configured.
/// <c>auto</c> picks Mandarin for a script with Chinese characters, American English otherwise.
/// </summary>
public static class Voices
{
    public const string Auto = "auto";
    public const string ServiceName = "service";
    public const string Mandarin = "cmn";
    public const string English = "en-us";

    // Debian 12's espeak-ng 1.51 reads most Chinese characters with its "sit/cmn" voice as pinyin spelled out in
    // English ("ni three hao three"); its pinyin variant reads them in Mandarin and still reads English words
    // in English. So "cmn" is that variant, and the broken one is not offered.
    private const string MandarinIdentifier = "sit/cmn-Latn-pinyin";
    private const string BrokenMandarinIdentifier = "sit/cmn";

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["zh"] = Mandarin,
        ["zh-cn"] = Mandarin,
        ["en"] = "en",
    };

    private static readonly Lazy<Dictionary<string, (Voice Voice, string Identifier)>> Installed =
        new(LoadInstalled, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Every voice, built-in ones by name, then the service's when one is configured.</summary>
    /// <exception cref="TextToSpeechException">espeak-ng is not installed.</exception>
    public static IReadOnlyList<Voice> List(TtsServiceOptions? service = null)
    {
        var voices = Installed.Value.Values.Select(v => v.Voice).OrderBy(v => v.Name, StringComparer.Ordinal).ToList();
        if (service is not null)
            voices.Add(ServiceVoice(service));
        return voices;
    }

    /// <summary>The voice for <paramref name="name"/> (null or <c>auto</c>: chosen by the script's writing system).</summary>
    /// <exception cref="MediaInputException">There is no such voice, or <c>service</c> without a configured service.</exception>
    public static Voice Resolve(string? name, string text, TtsServiceOptions? service = null)
    {
        var wanted = string.IsNullOrWhiteSpace(name) || name.Equals(Auto, StringComparison.OrdinalIgnoreCase)
            ? text.Any(ScriptSplitter.IsHan) ? Mandarin : English
            : name.Trim();
        if (wanted.Equals(ServiceName, StringComparison.OrdinalIgnoreCase))
            return service is null
                ? throw new MediaInputException("--voice", Codes.Speech.NoService(TtsServiceOptions.EnvironmentVariable))
                : ServiceVoice(service);
        if (Aliases.TryGetValue(wanted, out var alias))
            wanted = alias;
        return Installed.Value.TryGetValue(wanted, out var found)
            ? found.Voice
            : throw new MediaInputException("--voice", Codes.Speech.UnknownVoice(wanted));
    }

    /// <summary>The espeak-ng voice file behind a built-in voice.</summary>
    internal static string EspeakIdentifier(Voice voice) => Installed.Value[voice.Name].Identifier;

    private static Voice ServiceVoice(TtsServiceOptions service) =>
        new(ServiceName, "", $"TTS service at {service.Endpoint}", VoiceKind.Service);

    private static Dictionary<string, (Voice Voice, string Identifier)> LoadInstalled()
    {
        var voices = new Dictionary<string, (Voice Voice, string Identifier)>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in EspeakEngine.ListVoices())
        {
            if (entry.Identifier == BrokenMandarinIdentifier)
                continue;
            var (name, language, description) = entry.Identifier == MandarinIdentifier
                ? (Mandarin, Mandarin, "Chinese (Mandarin)")
                : (entry.Identifier[(entry.Identifier.LastIndexOf('/') + 1)..].ToLowerInvariant(), entry.Language, entry.Name);
            voices.TryAdd(name, (new Voice(name, language, description, VoiceKind.BuiltIn), entry.Identifier));
        }
        return voices;
    }
}
