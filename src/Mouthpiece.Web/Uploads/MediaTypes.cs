using Mouthpiece.Media;
using Mouthpiece.Web.Storage;

namespace Mouthpiece.Web.Uploads;

/// <summary>Which file extensions each kind of upload accepts, and which container each extension must really be.</summary>
public static class MediaTypes
{
    private static readonly Dictionary<string, SniffedKind[]> VideoExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        [".mp4"] = [SniffedKind.IsoMedia],
        [".mov"] = [SniffedKind.IsoMedia],
        [".m4v"] = [SniffedKind.IsoMedia],
        [".mkv"] = [SniffedKind.Matroska],
        [".webm"] = [SniffedKind.Matroska],
        [".avi"] = [SniffedKind.Riff],
        [".flv"] = [SniffedKind.Flv],
    };

    private static readonly Dictionary<string, SniffedKind[]> AudioExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        [".wav"] = [SniffedKind.Riff],
        [".mp3"] = [SniffedKind.Mp3],
        [".m4a"] = [SniffedKind.IsoMedia],
        [".aac"] = [SniffedKind.Adts],
        [".flac"] = [SniffedKind.Flac],
        [".ogg"] = [SniffedKind.Ogg],
        [".opus"] = [SniffedKind.Ogg],
    };

    private static readonly string[] ScriptExtensions = [".srt", ".vtt", ".txt"];

    /// <summary>Speech may also come from a video file's sound track; a script is a text file.</summary>
    public static bool IsAccepted(UploadKind kind, string extension) => kind == UploadKind.Script
        ? ScriptExtensions.Contains(extension, StringComparer.OrdinalIgnoreCase)
        : VideoExtensions.ContainsKey(extension) || (kind == UploadKind.Audio && AudioExtensions.ContainsKey(extension));

    public static IEnumerable<string> Accepted(UploadKind kind) => kind switch
    {
        UploadKind.Video => VideoExtensions.Keys,
        UploadKind.Script => ScriptExtensions,
        _ => AudioExtensions.Keys.Concat(VideoExtensions.Keys),
    };

    /// <summary>True when the magic bytes are the container the extension names.</summary>
    public static bool Agrees(string extension, SniffedKind sniffed) =>
        (VideoExtensions.TryGetValue(extension, out var kinds) || AudioExtensions.TryGetValue(extension, out kinds)) && kinds.Contains(sniffed);

    public static string ContentType(string extension) => extension.ToLowerInvariant() switch
    {
        ".mp4" or ".m4v" => "video/mp4",
        ".mov" => "video/quicktime",
        ".webm" => "video/webm",
        ".mkv" => "video/x-matroska",
        ".avi" => "video/x-msvideo",
        ".flv" => "video/x-flv",
        ".wav" => "audio/wav",
        ".mp3" => "audio/mpeg",
        ".m4a" => "audio/mp4",
        ".aac" => "audio/aac",
        ".flac" => "audio/flac",
        ".ogg" or ".opus" => "audio/ogg",
        ".srt" or ".txt" => "text/plain; charset=utf-8",
        ".vtt" => "text/vtt; charset=utf-8",
        _ => "application/octet-stream",
    };
}
