using Mouthpiece.Messages;

namespace Mouthpiece.Cli;

/// <summary>
/// Messages in the terminal's language, worded from the same catalogs as the web page: Chinese when the
/// locale (LC_ALL, then LC_MESSAGES, then LANG, as POSIX orders them) is a <c>zh</c> one, else English.
/// </summary>
internal static class Localized
{
    private static readonly string[] LocaleVariables = ["LC_ALL", "LC_MESSAGES", "LANG"];

    private static readonly Catalog Catalog = Catalog.For(Locale());

    public static string Text(Message message) => Catalog.Format(message);

    private static string? Locale() =>
        LocaleVariables.Select(Environment.GetEnvironmentVariable).FirstOrDefault(value => !string.IsNullOrEmpty(value));
}
