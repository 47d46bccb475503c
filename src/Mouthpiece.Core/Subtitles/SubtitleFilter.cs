using System.Text;

namespace Mouthpiece.Subtitles;

/// <summary>
/// The ffmpeg video filter that burns an ASS script in: <c>subtitles</c> (libass). Only a file path goes into the
/// filter string, never user text, and it is escaped for both levels of ffmpeg's filter syntax (the option
/// value, then the filter graph), so a folder named <c>a'b:c,d[e];f</c> is still that folder.
/// </summary>
public static class SubtitleFilter
{
    public static string Burn(string assPath)
    {
        var path = Path.GetFullPath(assPath);
        var filter = $"subtitles=filename={Escape(path)}";
        return Directory.Exists(AssScript.FontDirectory) ? filter + $":fontsdir={Escape(AssScript.FontDirectory)}" : filter;
    }

    /// <summary>Both levels of ffmpeg's filter escaping ("Notes on filtergraph escaping" in ffmpeg-filters).</summary>
    internal static string Escape(string value) => EscapeChars(EscapeChars(value, "\\':"), "\\'[],;");

    private static string EscapeChars(string value, string special)
    {
        var escaped = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (special.Contains(c))
                escaped.Append('\\');
            escaped.Append(c);
        }
        return escaped.ToString();
    }
}
