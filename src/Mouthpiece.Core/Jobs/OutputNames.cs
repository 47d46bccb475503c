using System.Globalization;
using System.Text;

namespace Mouthpiece.Jobs;

/// <summary>
/// The one naming rule for results, wherever they appear (History, batch rows, downloads, zip entries, a CLI
/// batch's folder): <c>VIDEO+AUDIO.mp4</c> from the inputs' names, and <c>VIDEO+AUDIO (2).mp4</c> when the
/// folder it goes to already has one. Names come from users and are made safe for any file system and zip:
/// no folders, no reserved or control characters, each stem cut (whole characters, never half a Chinese
/// character or an emoji) so that the name stays far below the 255-byte limit of a file name even with a
/// number and a partial-file suffix added.
/// </summary>
public static class OutputNames
{
    public const string Extension = ".mp4";

    /// <summary>UTF-8 bytes kept of each input's name.</summary>
    internal const int MaxStemBytes = 80;

    private const string Cut = "…";

    /// <summary>The result of making <paramref name="videoName"/> speak <paramref name="audioName"/>.</summary>
    public static string Of(string videoName, string audioName) =>
        $"{Stem(videoName, "video")}+{Stem(audioName, "audio")}{Extension}";

    /// <summary><paramref name="name"/>, or the first of <c>STEM (2).mp4</c>, <c>STEM (3).mp4</c>… that <paramref name="isTaken"/> does not hold.</summary>
    public static string Unique(string name, Func<string, bool> isTaken)
    {
        if (!isTaken(name))
            return name;
        var stem = Path.GetFileNameWithoutExtension(name);
        var extension = Path.GetExtension(name);
        for (var n = 2; ; n++)
        {
            var numbered = string.Create(CultureInfo.InvariantCulture, $"{stem} ({n}){extension}");
            if (!isTaken(numbered))
                return numbered;
        }
    }

    /// <summary>Unique names for a list, each against <paramref name="isTaken"/> and the ones given before it (case-insensitive, like many file systems).</summary>
    public static IReadOnlyList<string> UniqueAll(IEnumerable<string> names, Func<string, bool> isTaken)
    {
        var given = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        return [.. names.Select(name =>
        {
            var unique = Unique(name, candidate => given.Contains(candidate) || isTaken(candidate));
            given.Add(unique);
            return unique;
        })];
    }

    /// <summary>A file's name without folders and extension, cleaned and cut to <see cref="MaxStemBytes"/>.</summary>
    internal static string Stem(string? fileName, string fallback)
    {
        var bare = (fileName ?? "").Replace('\\', '/');
        bare = Path.GetFileNameWithoutExtension(bare[(bare.LastIndexOf('/') + 1)..]);
        var clean = new StringBuilder(bare.Length);
        for (var i = 0; i < bare.Length; i++)
            clean.Append(IsUnsafe(bare[i]) || IsLoneSurrogate(bare, i) ? '_' : bare[i]);
        var stem = Shorten(clean.ToString().Trim().Trim('.', ' '));
        return stem.Length == 0 || stem.All(c => c == '_') ? fallback : stem;
    }

    // Reserved on Windows or in zip tools, path separators, and '+' (the rule's own separator stays unambiguous);
    // invisible format characters (a right-to-left override can disguise ".exe"), except the joiners that
    // emoji sequences and some scripts are made of.
    private static bool IsUnsafe(char c) =>
        char.IsControl(c) || c is '/' or '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|' or '+'
        || (char.GetUnicodeCategory(c) is UnicodeCategory.Format && c is not ('\u200C' or '\u200D'))
        || char.GetUnicodeCategory(c) is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    private static bool IsLoneSurrogate(string text, int i) =>
        (char.IsHighSurrogate(text[i]) && (i + 1 == text.Length || !char.IsLowSurrogate(text[i + 1])))
        || (char.IsLowSurrogate(text[i]) && (i == 0 || !char.IsHighSurrogate(text[i - 1])));

    private static string Shorten(string stem)
    {
        if (Encoding.UTF8.GetByteCount(stem) <= MaxStemBytes)
            return stem;
        var budget = MaxStemBytes - Encoding.UTF8.GetByteCount(Cut);
        var kept = new StringBuilder();
        var elements = StringInfo.GetTextElementEnumerator(stem);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            budget -= Encoding.UTF8.GetByteCount(element);
            if (budget < 0)
                break;
            kept.Append(element);
        }
        return kept.ToString().TrimEnd('.', ' ') + Cut;
    }
}
