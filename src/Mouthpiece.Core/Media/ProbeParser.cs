using System.Globalization;
using System.Text.Json;

namespace Mouthpiece.Media;

/// <summary>Turns ffprobe's JSON (<c>-show_format -show_streams</c>) into <see cref="MediaInfo"/>. Pure: no I/O.</summary>
public static class ProbeParser
{
    public static MediaInfo Parse(string path, string ffprobeJson)
    {
        using var document = JsonDocument.Parse(ffprobeJson);
        var root = document.RootElement;
        var format = root.TryGetProperty("format", out var f) ? f : default;
        var streams = root.TryGetProperty("streams", out var s) ? s.EnumerateArray().ToList() : [];

        var video = streams.FirstOrDefault(IsVideo);
        var audio = streams.FirstOrDefault(st => CodecType(st) == "audio");
        return new MediaInfo(
            path,
            Container: String(format, "format_name") ?? "unknown",
            Duration: TimeSpan.FromSeconds(Number(format, "duration") ?? Number(video, "duration") ?? Number(audio, "duration") ?? 0),
            BitRate: Integer(format, "bit_rate"),
            StreamCount: streams.Count,
            Video: video.ValueKind == JsonValueKind.Object ? ParseVideo(video, Integer(format, "bit_rate")) : null,
            Audio: audio.ValueKind == JsonValueKind.Object ? ParseAudio(audio) : null);
    }

    /// <summary>Cover art in an MP3 or M4A is stored as a one-picture video stream; it is not a video.</summary>
    private static bool IsVideo(JsonElement stream) =>
        CodecType(stream) == "video"
        && !(stream.TryGetProperty("disposition", out var d) && d.TryGetProperty("attached_pic", out var pic) && pic.GetInt32() == 1);

    private static VideoStreamInfo ParseVideo(JsonElement stream, long? containerBitRate) => new(
        Codec: String(stream, "codec_name") ?? "unknown",
        Width: (int)(Integer(stream, "width") ?? 0),
        Height: (int)(Integer(stream, "height") ?? 0),
        FramesPerSecond: Rational(String(stream, "avg_frame_rate")) ?? Rational(String(stream, "r_frame_rate")) ?? 0,
        // Matroska and WebM store no per-stream bit rate; the container's is the best estimate.
        BitRate: Integer(stream, "bit_rate") ?? containerBitRate,
        PixelFormat: String(stream, "pix_fmt") ?? "unknown",
        Rotation: Rotation(stream),
        FrameCount: Integer(stream, "nb_frames"));

    private static AudioStreamInfo ParseAudio(JsonElement stream) => new(
        Codec: String(stream, "codec_name") ?? "unknown",
        SampleRate: (int)(Integer(stream, "sample_rate") ?? 0),
        Channels: (int)(Integer(stream, "channels") ?? 0),
        BitRate: Integer(stream, "bit_rate"));

    /// <summary>Phones store rotation as a display matrix (newer) or a <c>rotate</c> tag (older).</summary>
    private static int Rotation(JsonElement stream)
    {
        if (stream.TryGetProperty("side_data_list", out var sideData))
        {
            foreach (var item in sideData.EnumerateArray())
            {
                if (Number(item, "rotation") is { } degrees)
                    return NormalizeDegrees((int)Math.Round(degrees));
            }
        }
        if (stream.TryGetProperty("tags", out var tags) && Integer(tags, "rotate") is { } tagged)
            return NormalizeDegrees((int)tagged);
        return 0;
    }

    private static int NormalizeDegrees(int degrees) => ((degrees % 360) + 360) % 360;

    private static string? CodecType(JsonElement stream) => String(stream, "codec_type");

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;

    private static double? Number(JsonElement element, string name) =>
        double.TryParse(String(element, name), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static long? Integer(JsonElement element, string name) =>
        long.TryParse(String(element, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>ffprobe writes frame rates as fractions, "30000/1001"; "0/0" means unknown.</summary>
    internal static double? Rational(string? text)
    {
        if (text is null)
            return null;
        var parts = text.Split('/');
        if (parts.Length != 2
            || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var numerator)
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var denominator)
            || denominator == 0 || numerator == 0)
            return null;
        return numerator / denominator;
    }
}
