using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Mouthpiece.Messages;

/// <summary>
/// The texts of one language: one JSON file per language (Messages/Catalogs/en.json, zh-CN.json), embedded
/// here and served to the page as it is, so the server, the CLI and the page word every code the same way.
/// A text names its parameters in braces: <c>{name}</c>, or <c>{name:duration}</c> for seconds as h:mm:ss.
/// </summary>
public sealed partial class Catalog
{
    public const string EnglishLanguage = "en";

    public const string ChineseLanguage = "zh-CN";

    /// <summary>Every language there is a catalog for; English is the fallback.</summary>
    public static readonly IReadOnlyList<string> Languages = [EnglishLanguage, ChineseLanguage];

    private static readonly FrozenDictionary<string, Catalog> All =
        Languages.ToFrozenDictionary(language => language, language => new Catalog(language, Load(language)));

    private readonly CultureInfo _culture;

    private Catalog(string language, FrozenDictionary<string, string> texts)
    {
        Language = language;
        Texts = texts;
        _culture = CultureInfo.GetCultureInfo(language);
    }

    public static Catalog English => All[EnglishLanguage];

    public string Language { get; }

    /// <summary>Text by code, message codes and the page's own labels alike.</summary>
    public IReadOnlyDictionary<string, string> Texts { get; }

    /// <summary>The catalog for a language tag or culture name: Chinese for any <c>zh</c> tag, else English.</summary>
    public static Catalog For(string? language) => All[Resolve(language)];

    /// <summary>The catalog of the current UI culture (the request's Accept-Language on the server).</summary>
    public static Catalog ForCurrentCulture() => For(CultureInfo.CurrentUICulture.Name);

    public static string Resolve(string? language) =>
        language is not null && language.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? ChineseLanguage : EnglishLanguage;

    /// <summary>The catalog file as it is embedded, for serving to the page.</summary>
    public static Stream OpenJson(string language) =>
        typeof(Catalog).Assembly.GetManifestResourceStream(ResourceName(Resolve(language)))!;

    /// <summary>The message in this language; a code missing here falls back to English, then to the code itself.</summary>
    public string Format(Message message)
    {
        var text = Texts.GetValueOrDefault(message.Code) ?? English.Texts.GetValueOrDefault(message.Code) ?? message.Code;
        return Placeholder().Replace(text, match =>
            message.Params.TryGetValue(match.Groups["name"].Value, out var value) ? Value(value, match.Groups["format"].Value) : match.Value);
    }

    /// <summary>The parameters a text uses, for the catalog test.</summary>
    public static IEnumerable<string> Placeholders(string text) =>
        Placeholder().Matches(text).Select(match => match.Groups["name"].Value);

    private string Value(object value, string format) => value switch
    {
        Message nested => Format(nested),
        double seconds when format == "duration" => Duration(seconds),
        long seconds when format == "duration" => Duration(seconds),
        double number => number.ToString("0.##", _culture),
        long number => number.ToString(_culture),
        _ => Convert.ToString(value, _culture) ?? "",
    };

    private static string Duration(double seconds)
    {
        var time = TimeSpan.FromSeconds(Math.Round(seconds));
        return time.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)time.TotalHours}:{time.Minutes:00}:{time.Seconds:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{time.Minutes}:{time.Seconds:00}");
    }

    private static FrozenDictionary<string, string> Load(string language)
    {
        using var json = OpenJson(language);
        return JsonSerializer.Deserialize<Dictionary<string, string>>(json)!.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ResourceName(string language) => $"Mouthpiece.Messages.Catalogs.{language}.json";

    [GeneratedRegex(@"\{(?<name>\w+)(?::(?<format>\w+))?\}")]
    private static partial Regex Placeholder();
}
