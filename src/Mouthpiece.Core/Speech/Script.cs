using System.Text;
using Mouthpiece.Media;
using Mouthpiece.Messages;

namespace Mouthpiece.Speech;

/// <summary>Text for a voice to read instead of a recording, and the voice (a name from <see cref="Voices"/>, or <c>auto</c>).</summary>
public sealed record Script(string Text, string Voice)
{
    /// <summary>About 50 minutes of speech; longer texts are better split into several videos.</summary>
    public const int MaxLength = 40_000;

    private static readonly byte[] Utf16LittleEndianMark = [0xFF, 0xFE];
    private static readonly byte[] Utf16BigEndianMark = [0xFE, 0xFF];

    /// <summary>The first words, for names and lists: letters and digits, words joined by '-', at most 32 characters.</summary>
    public string Title
    {
        get
        {
            var builder = new StringBuilder();
            foreach (var c in Text)
            {
                if (builder.Length >= 32)
                    break;
                if (char.IsLetterOrDigit(c))
                    builder.Append(c);
                else if (builder.Length > 0 && builder[^1] != '-')
                    builder.Append('-');
            }
            var title = builder.ToString().Trim('-');
            return title.Length == 0 ? "script" : title;
        }
    }

    /// <summary>
    /// A script from what a user typed or sent, checked: it must say something and not be too long. Line ends
    /// become \n and control characters are dropped (they can only confuse the speech and the subtitles).
    /// </summary>
    /// <param name="source">How to name the text in an error: "--text", a file's path, "script".</param>
    /// <exception cref="MediaInputException">The text is empty, has no letters or digits, or is too long.</exception>
    public static Script Checked(string? text, string? voice, string source)
    {
        var cleaned = Clean(text ?? "");
        if (!cleaned.Any(char.IsLetterOrDigit))
            throw new MediaInputException(source, Codes.Speech.ScriptEmpty());
        if (cleaned.Length > MaxLength)
            throw new MediaInputException(source, Codes.Speech.ScriptTooLong(cleaned.Length, MaxLength));
        return new Script(cleaned, string.IsNullOrWhiteSpace(voice) ? Voices.Auto : voice.Trim());
    }

    /// <summary>Reads a UTF-8 text file as a script; a file that is not text is refused.</summary>
    public static async Task<Script> FromFileAsync(string path, string? voice, CancellationToken cancellationToken = default)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
            throw new MediaInputException(path, Codes.Inputs.NotFound());
        if (info.Length > MaxLength * 4)
            throw new MediaInputException(path, Codes.Speech.FileTooLarge(info.Length / 1024, MaxLength * 4 / 1024));
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        return Checked(DecodeText(bytes, path), voice, path);
    }

    /// <summary>UTF-8 (with or without a byte order mark) or UTF-16 with one; anything else is not a text file.</summary>
    public static string DecodeText(byte[] bytes, string source)
    {
        try
        {
            var encoding = bytes.AsSpan().StartsWith(Utf16LittleEndianMark) ? new UnicodeEncoding(false, true, true)
                : bytes.AsSpan().StartsWith(Utf16BigEndianMark) ? new UnicodeEncoding(true, true, true)
                : (Encoding)new UTF8Encoding(false, throwOnInvalidBytes: true);
            var text = encoding.GetString(bytes).TrimStart('\uFEFF');
            if (text.Contains('\0'))
                throw new DecoderFallbackException();
            return text;
        }
        catch (DecoderFallbackException)
        {
            throw new MediaInputException(source, Codes.Speech.NotText());
        }
    }

    private static string Clean(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n'))
        {
            if (c == '\t')
                builder.Append(' ');
            else if (c == '\n' || !char.IsControl(c))
                builder.Append(c);
        }
        return builder.ToString().Trim();
    }
}
