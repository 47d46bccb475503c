namespace Mouthpiece.Speech;

/// <summary>A stretch of the script, by UTF-16 index and length.</summary>
public readonly record struct TextSpan(int Start, int Length)
{
    public int End => Start + Length;

    public string Of(string text) => text.Substring(Start, Length);
}

/// <summary>
/// Cuts a script into sentences (for synthesis: each is spoken on its own and the pieces joined) and into
/// subtitle-sized clauses. Sentence ends are . ! ? … and their full-width forms 。！？ and line breaks;
/// clauses also end at , ; : and ，；：、. A sentence longer than the limit is cut at its last clause
/// end (or space) before the limit, so no piece grows without bound.
/// </summary>
public static class ScriptSplitter
{
    private const string SentenceEnds = ".!?…。！？";
    private const string ClauseEnds = ",;:，；：、";
    private const string Closers = "\"'”’»)]）」』】";

    /// <summary>Sentences of at most <paramref name="maxLength"/> characters, without surrounding white space.</summary>
    public static IReadOnlyList<TextSpan> Sentences(string text, int maxLength = 400) =>
        Split(text, c => SentenceEnds.Contains(c) || c == '\n', maxLength);

    /// <summary>
    /// Pieces short enough for one subtitle: clauses, cut further where longer than <paramref name="maxLength"/>
    /// (by default one line of a subtitle: 20 characters of Chinese, 42 of a Latin script).
    /// </summary>
    public static IReadOnlyList<TextSpan> Clauses(string text, int? maxLength = null) =>
        Split(text, c => SentenceEnds.Contains(c) || ClauseEnds.Contains(c) || c == '\n', maxLength ?? (text.Any(IsHan) ? 20 : 42));

    /// <summary>True for Han characters (CJK ideographs), which are read one syllable each and need no spaces.</summary>
    public static bool IsHan(char c) => c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\uF900' and <= '\uFAFF';

    private static List<TextSpan> Split(string text, Func<char, bool> isEnd, int maxLength)
    {
        var spans = new List<TextSpan>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (!isEnd(text[i]))
                continue;
            // "Dr. Who" and "3.5" are not sentence ends: a full stop needs white space (or the end) after it.
            if (text[i] == '.' && i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1]) && !Closers.Contains(text[i + 1]))
                continue;
            var end = i + 1;
            while (end < text.Length && (isEnd(text[end]) && text[end] != '\n' || Closers.Contains(text[end])))
                end++;
            AddBounded(text, start, end, maxLength, spans);
            start = end;
            i = end - 1;
        }
        AddBounded(text, start, text.Length, maxLength, spans);
        return spans;
    }

    private static void AddBounded(string text, int start, int end, int maxLength, List<TextSpan> spans)
    {
        while (true)
        {
            while (start < end && char.IsWhiteSpace(text[start]))
                start++;
            var trimmedEnd = end;
            while (trimmedEnd > start && char.IsWhiteSpace(text[trimmedEnd - 1]))
                trimmedEnd--;
            if (trimmedEnd - start <= maxLength)
            {
                if (trimmedEnd > start && HasWordCharacter(text, start, trimmedEnd))
                    spans.Add(new TextSpan(start, trimmedEnd - start));
                return;
            }
            var cut = CutPoint(text, start, start + maxLength);
            spans.Add(new TextSpan(start, cut - start));
            start = cut;
        }
    }

    /// <summary>The last clause end, else the last space, else the last Han character before <paramref name="limit"/>.</summary>
    private static int CutPoint(string text, int start, int limit)
    {
        var floor = start + 1;
        for (var i = limit - 1; i >= floor; i--)
            if (ClauseEnds.Contains(text[i]))
                return i + 1;
        for (var i = limit - 1; i >= floor; i--)
            if (char.IsWhiteSpace(text[i]))
                return i;
        for (var i = limit - 1; i >= floor; i--)
            if (IsHan(text[i]) && !char.IsHighSurrogate(text[i]))
                return i + 1;
        return char.IsHighSurrogate(text[limit - 1]) ? limit - 1 : limit;
    }

    private static bool HasWordCharacter(string text, int start, int end)
    {
        for (var i = start; i < end; i++)
            if (char.IsLetterOrDigit(text[i]))
                return true;
        return false;
    }
}
