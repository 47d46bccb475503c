using System.Globalization;
using System.Text.RegularExpressions;
using Mouthpiece.Messages;

namespace Mouthpiece.Media;

/// <summary>
/// Probes a user's file: checks it exists and is not obviously something else, runs a locked-down
/// ffprobe, and turns every failure into a <see cref="MediaInputException"/> a person can act on.
/// </summary>
public static partial class MediaProbe
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DecodeTimeout = TimeSpan.FromMinutes(30);

    public static async Task<MediaInfo> ProbeAsync(string path, CancellationToken cancellationToken = default)
    {
        using var reading = MediaReads.Start(MediaReads.Probe, path);
        var kind = CheckFile(path);
        var (exitCode, json, errors) = await RunFfprobeAsync(path, cancellationToken);
        if (exitCode != 0)
            throw new MediaInputException(path, ExplainFailure(kind, errors));
        var info = ProbeParser.Parse(path, json);
        InputGuard.CheckLimits(WithRejectedPictureSize(info, errors));
        return info;
    }

    /// <summary>
    /// ffmpeg itself refuses frames beyond about 16k x 16k and then reports the size as 0x0; its complaint
    /// still carries the size the header claimed, which is what the user needs to hear.
    /// </summary>
    private static MediaInfo WithRejectedPictureSize(MediaInfo info, string errors)
    {
        var claimed = PictureSizeComplaint().Match(errors);
        if (info.Video is not { Width: 0 } video || !claimed.Success)
            return info;
        return info with
        {
            Video = video with
            {
                Width = int.Parse(claimed.Groups[1].ValueSpan, CultureInfo.InvariantCulture),
                Height = int.Parse(claimed.Groups[2].ValueSpan, CultureInfo.InvariantCulture),
            },
        };
    }

    [GeneratedRegex(@"Picture size (\d+)x(\d+) is invalid")]
    private static partial Regex PictureSizeComplaint();

    /// <summary>Probes a file that must show a person: it needs a video stream.</summary>
    public static async Task<MediaInfo> ProbeVideoAsync(string path, CancellationToken cancellationToken = default) =>
        RequireVideo(await ProbeAsync(path, cancellationToken));

    /// <summary>A probe's verdict on a file that must show a person, whether the probe was run now or earlier.</summary>
    public static MediaInfo RequireVideo(MediaInfo info)
    {
        var path = info.Path;
        if (info.Video is null)
            throw new MediaInputException(path, Codes.Inputs.NoVideo());
        // ffprobe names no pixel format when it could not decode a single frame.
        if (info.Video.PixelFormat == "unknown")
            throw new MediaInputException(path, Codes.Inputs.VideoUndecodable(info.Video.Codec));
        return info;
    }

    /// <summary>
    /// Decodes the whole file: after a tool failed on it, tells a damaged input (a <see cref="MediaInputException"/>
    /// naming where it breaks) from a fault that is not the input's.
    /// </summary>
    public static async Task EnsureDecodesAsync(string path, CancellationToken cancellationToken = default)
    {
        var (_, error) = await Ffmpeg.DecodeAllAsync([.. InputGuard.DecoderArguments(), .. InputGuard.InputArguments(path)], DecodeTimeout, cancellationToken);
        if (error is not null)
            throw new MediaInputException(path, Codes.Inputs.DamagedMidway(error));
    }

    /// <summary>Probes a file that must carry the speech: it needs an audio stream.</summary>
    public static async Task<MediaInfo> ProbeAudioAsync(string path, CancellationToken cancellationToken = default) =>
        RequireAudio(await ProbeAsync(path, cancellationToken));

    /// <summary>A probe's verdict on a file that must carry the speech, whether the probe was run now or earlier.</summary>
    public static MediaInfo RequireAudio(MediaInfo info)
    {
        if (info.Audio is null)
            throw new MediaInputException(info.Path, Codes.Inputs.NoAudio());
        return info;
    }

    private static SniffedKind CheckFile(string path)
    {
        if (Directory.Exists(path))
            throw new MediaInputException(path, Codes.Inputs.IsDirectory());
        if (!File.Exists(path))
            throw new MediaInputException(path, Codes.Inputs.NotFound());
        SniffedKind kind;
        try
        {
            kind = ContainerSniffer.Sniff(path);
        }
        catch (UnauthorizedAccessException)
        {
            throw new MediaInputException(path, Codes.Inputs.PermissionDenied());
        }
        return kind switch
        {
            SniffedKind.Empty => throw new MediaInputException(path, Codes.Inputs.Empty()),
            SniffedKind.Playlist => throw new MediaInputException(path, Codes.Inputs.Playlist()),
            SniffedKind.ConcatList => throw new MediaInputException(path, Codes.Inputs.ConcatList()),
            SniffedKind.Text => throw new MediaInputException(path, Codes.Inputs.TextFile()),
            _ => kind,
        };
    }

    private static async Task<(int, string, string)> RunFfprobeAsync(string path, CancellationToken cancellationToken)
    {
        string[] arguments = ["-hide_banner", "-loglevel", "error", "-print_format", "json", "-show_format", "-show_streams", .. InputGuard.InputArguments(path)];
        try
        {
            return await Ffmpeg.CaptureAsync(Ffmpeg.FfprobeTool, arguments, ProbeTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new MediaInputException(path, Codes.Inputs.ProbeTimeout(ProbeTimeout.TotalSeconds));
        }
    }

    /// <summary>ffprobe's errors are terse and shared between causes; the sniffed kind tells them apart.</summary>
    internal static Message ExplainFailure(SniffedKind kind, string ffprobeErrors)
    {
        if (ffprobeErrors.Contains("not on whitelist", StringComparison.Ordinal))
            return Codes.Inputs.ContainerRefused();
        if (ffprobeErrors.Contains("moov atom not found", StringComparison.Ordinal) && kind == SniffedKind.IsoMedia)
            return Codes.Inputs.IndexMissing();
        if (kind == SniffedKind.Unknown)
            return Codes.Inputs.UnknownFormat();
        var detail = ffprobeErrors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        // ffprobe prefixes its last word with the URL it opened; the user already sees the path.
        var withoutUrl = detail?[(detail.LastIndexOf(": ", StringComparison.Ordinal) + 2)..];
        return Codes.Inputs.Damaged(withoutUrl ?? "no details");
    }
}
