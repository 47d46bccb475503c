using System.Text;

namespace Mouthpiece.Media;

/// <summary>What the first bytes of a file say it is, before any decoder looks at it.</summary>
public enum SniffedKind
{
    Unknown,
    Empty,
    Text,
    Playlist,
    ConcatList,
    IsoMedia,
    Matroska,
    Riff,
    Flv,
    MpegTs,
    MpegProgram,
    Asf,
    Ogg,
    Flac,
    Mp3,
    Adts,
}

/// <summary>
/// Recognises containers by magic bytes. It is the first line of defence against hostile
/// uploads (a playlist or concat list renamed to .mp4 or .avi is named as such) and lets us tell
/// "a text file" apart from "a truncated MP4", which ffprobe reports with the same words.
/// </summary>
public static class ContainerSniffer
{
    public const int HeaderLength = 512;

    public static SniffedKind Sniff(string path)
    {
        Span<byte> header = stackalloc byte[HeaderLength];
        using var stream = File.OpenRead(path);
        var length = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        return Sniff(header[..length]);
    }

    /// <summary>The format's usual name, the same in every language: "MP4/MOV", "MP3", "AAC (ADTS)".</summary>
    public static string FormatName(SniffedKind kind) => kind switch
    {
        SniffedKind.IsoMedia => "MP4/MOV",
        SniffedKind.Matroska => "Matroska/WebM",
        SniffedKind.Riff => "RIFF (WAV/AVI)",
        SniffedKind.Flv => "FLV",
        SniffedKind.MpegTs => "MPEG-TS",
        SniffedKind.MpegProgram => "MPEG-PS",
        SniffedKind.Asf => "ASF (WMV/WMA)",
        SniffedKind.Ogg => "Ogg",
        SniffedKind.Flac => "FLAC",
        SniffedKind.Mp3 => "MP3",
        SniffedKind.Adts => "AAC (ADTS)",
        SniffedKind.Text or SniffedKind.Playlist or SniffedKind.ConcatList => "text",
        _ => "?",
    };

    public static SniffedKind Sniff(ReadOnlySpan<byte> header)
    {
        if (header.IsEmpty)
            return SniffedKind.Empty;
        // Text with a UTF-16 or UTF-32 byte order mark: its first bytes would otherwise pass for MP3 sync words.
        if (WideText(header) is { } wide && LooksLikeText(Encoding.UTF8.GetBytes(wide)))
            return SniffText(Encoding.UTF8.GetBytes(wide)) ?? SniffedKind.Text;
        return SniffText(header) ?? SniffBinary(header);
    }

    private static SniffedKind? SniffText(ReadOnlySpan<byte> header)
    {
        var trimmed = SkipByteOrderMarkAndSpace(header);
        if (StartsWith(trimmed, "#EXTM3U") || StartsWith(trimmed, "<?xml") || StartsWith(trimmed, "<MPD"))
            return SniffedKind.Playlist;
        if (StartsWith(trimmed, "ffconcat") || StartsWith(trimmed, "file "))
            return SniffedKind.ConcatList;
        return null;
    }

    private static string? WideText(ReadOnlySpan<byte> h)
    {
        Encoding? encoding = h switch
        {
            [0xFF, 0xFE, 0, 0, ..] => new UTF32Encoding(bigEndian: false, byteOrderMark: true),
            [0, 0, 0xFE, 0xFF, ..] => new UTF32Encoding(bigEndian: true, byteOrderMark: true),
            [0xFF, 0xFE, ..] => Encoding.Unicode,
            [0xFE, 0xFF, ..] => Encoding.BigEndianUnicode,
            _ => null,
        };
        if (encoding is null)
            return null;
        var bom = encoding.GetPreamble().Length;
        var unit = encoding is UTF32Encoding ? 4 : 2;
        return encoding.GetString(h.Slice(bom, (h.Length - bom) / unit * unit));
    }

    private static SniffedKind SniffBinary(ReadOnlySpan<byte> h)
    {
        if (h.Length >= 8 && IsIsoBox(h.Slice(4, 4)))
            return SniffedKind.IsoMedia;
        if (h.Length >= 4 && h[0] == 0x1A && h[1] == 0x45 && h[2] == 0xDF && h[3] == 0xA3)
            return SniffedKind.Matroska;
        if (StartsWith(h, "RIFF"))
            return SniffedKind.Riff;
        if (StartsWith(h, "FLV"))
            return SniffedKind.Flv;
        if (StartsWith(h, "OggS"))
            return SniffedKind.Ogg;
        if (StartsWith(h, "fLaC"))
            return SniffedKind.Flac;
        if (StartsWith(h, "ID3"))
            return SniffedKind.Mp3;
        if (h.Length >= 4 && h[0] == 0x30 && h[1] == 0x26 && h[2] == 0xB2 && h[3] == 0x75)
            return SniffedKind.Asf;
        if (h.Length >= 4 && h[0] == 0 && h[1] == 0 && h[2] == 1 && h[3] == 0xBA)
            return SniffedKind.MpegProgram;
        if (IsMpegTs(h))
            return SniffedKind.MpegTs;
        if (h.Length >= 2 && h[0] == 0xFF && (h[1] & 0xF6) == 0xF0)
            return SniffedKind.Adts;
        if (h.Length >= 2 && h[0] == 0xFF && (h[1] & 0xE0) == 0xE0)
            return SniffedKind.Mp3;
        return LooksLikeText(h) ? SniffedKind.Text : SniffedKind.Unknown;
    }

    private static bool IsIsoBox(ReadOnlySpan<byte> type) =>
        type.SequenceEqual("ftyp"u8) || type.SequenceEqual("moov"u8) || type.SequenceEqual("mdat"u8)
        || type.SequenceEqual("free"u8) || type.SequenceEqual("wide"u8) || type.SequenceEqual("skip"u8);

    private static bool IsMpegTs(ReadOnlySpan<byte> h) =>
        h.Length >= 377 && h[0] == 0x47 && h[188] == 0x47 && h[376] == 0x47;

    /// <summary>Printable UTF-8 with line breaks and no control bytes: a text file, whatever its name.</summary>
    private static bool LooksLikeText(ReadOnlySpan<byte> h)
    {
        foreach (var b in h)
        {
            if (b < 0x20 && b is not (byte)'\n' and not (byte)'\r' and not (byte)'\t')
                return false;
        }
        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetCharCount(h);
            return true;
        }
        catch (DecoderFallbackException)
        {
            // A multi-byte character cut at the end of the header is still text; anything else is not.
            return h.Length >= HeaderLength && h[^1] >= 0x80;
        }
    }

    private static ReadOnlySpan<byte> SkipByteOrderMarkAndSpace(ReadOnlySpan<byte> h)
    {
        if (h.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            h = h[3..];
        var start = 0;
        while (start < h.Length && h[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            start++;
        return h[start..];
    }

    private static bool StartsWith(ReadOnlySpan<byte> h, string ascii) =>
        h.Length >= ascii.Length && Encoding.ASCII.GetString(h[..ascii.Length]) == ascii;
}
