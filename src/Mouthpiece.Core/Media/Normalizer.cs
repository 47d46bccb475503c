using System.Globalization;
using Mouthpiece.Messages;

namespace Mouthpiece.Media;

/// <summary>What normalize aims for; the defaults are the house standard (docs/ARCHITECTURE.md §2).</summary>
public sealed record NormalizeOptions
{
    public H264Settings Encoding { get; init; } = H264Settings.Default;

    /// <summary>Limit for the short side (1080 for landscape 1080p); the long side may be 16/9 of it.</summary>
    public int MaxHeight { get; init; } = 1080;

    public double MaxFramesPerSecond { get; init; } = 30;

    /// <summary>
    /// Run at low CPU priority: a job system normalizing an upload ahead of time should take only what the
    /// renders leave idle, never slow them down.
    /// </summary>
    public bool Background { get; init; }
}

/// <summary>
/// Transcodes a video to the house standard, keeping its aspect ratio and orientation. Frames are only
/// ever scaled down and the frame rate only ever lowered. The output is written to a partial file,
/// verified by reading every packet (<see cref="OutputFile.VerifyWrittenAsync"/>), then renamed, so a crash or cancel never leaves a half-written file under the real name.
/// </summary>
public static class Normalizer
{
    public static async Task NormalizeAsync(
        MediaInfo input,
        string outputPath,
        NormalizeOptions options,
        IProgress<double>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var video = input.Video ?? throw new MediaInputException(input.Path, Codes.Inputs.NoVideoToNormalize());
        await OutputFile.WriteAsync(outputPath, async partial =>
        {
            string[] arguments =
            [
                .. InputGuard.DecoderArguments(),
                .. InputGuard.InputArguments(input.Path),
                "-map", "0:v:0", "-map", "0:a:0?",
                "-map_metadata", "-1",
                .. Filters(video, options),
                .. options.Encoding.VideoArguments(),
                .. H264Settings.AudioArguments(),
                .. H264Settings.ContainerArguments(),
                "file:" + partial,
            ];
            await Ffmpeg.RunAsync(arguments, input.Duration, progress, cancellationToken, options.Background);
            await OutputFile.VerifyWrittenAsync(partial, null, cancellationToken);
        }, cancellationToken);
    }

    private static IEnumerable<string> Filters(VideoStreamInfo video, NormalizeOptions options)
    {
        var maxLong = (int)Math.Round(options.MaxHeight * 16 / 9.0);
        var (width, height) = FitWithin(video.DisplayWidth, video.DisplayHeight, options.MaxHeight, maxLong);
        var filters = new List<string> { string.Create(CultureInfo.InvariantCulture, $"scale={width}:{height}:flags=bicubic") };
        if (video.FramesPerSecond > options.MaxFramesPerSecond + 0.5)
            filters.Add(string.Create(CultureInfo.InvariantCulture, $"fps={options.MaxFramesPerSecond}"));
        return ["-vf", string.Join(',', filters)];
    }

    /// <summary>
    /// The largest even size not above the source that fits the limits, keeping the aspect ratio
    /// (x264's yuv420p needs even sides).
    /// </summary>
    public static (int Width, int Height) FitWithin(int width, int height, int maxShortSide, int maxLongSide)
    {
        var scale = Math.Min(1.0, Math.Min(
            (double)maxShortSide / Math.Min(width, height),
            (double)maxLongSide / Math.Max(width, height)));
        return (EvenAtLeastTwo(width * scale), EvenAtLeastTwo(height * scale));
    }

    private static int EvenAtLeastTwo(double value) => Math.Max(2, (int)Math.Floor(value / 2) * 2);
}
