using System.Text.Json;
using System.Text.Json.Serialization;
using Mouthpiece.Media;
using Mouthpiece.Speech;

namespace Mouthpiece.Scheduling;

/// <summary>
/// How much work each stage of one job is, in that stage's unit: the audio's seconds for the analysis, and
/// "codec megapixels" for the stages that decode and encode video. A codec megapixel is a megapixel encoded;
/// decoding the input adds 0.066 of one per megapixel and 0.33 per megabit read (the bitrate study: a
/// 60 Mbps input renders 2.2 s slower than a 5 Mbps one over 5 s at 1080p, and 2160p 0.9 s slower than
/// 1080p at the same rate), and the engine adds 0.1 per frame (its ~2.5 ms a frame at 2 cores).
/// </summary>
public sealed record WorkSize
{
    private const double DecodedMegapixelCost = 0.066;
    private const double DecodedMegabitCost = 0.33;
    private const double EngineFrameCost = 0.1;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public double Normalize { get; init; }

    public double Analyze { get; init; }

    public double Render { get; init; }

    public double Finish { get; init; }

    [JsonIgnore]
    public IReadOnlyList<WorkStage> Stages => Normalize > 0 ? [WorkStage.Normalize] : [WorkStage.Analyze, WorkStage.Render, WorkStage.Finish];

    public double this[WorkStage stage] => stage switch
    {
        WorkStage.Normalize => Normalize,
        WorkStage.Analyze => Analyze,
        WorkStage.Render => Render,
        _ => Finish,
    };

    /// <summary>The size as the job stores keep it.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>A size kept by <see cref="ToJson"/>; null for a job stored before sizes were kept.</summary>
    public static WorkSize? FromJson(string? json) => json is null ? null : JsonSerializer.Deserialize<WorkSize>(json, Json);

    /// <summary>
    /// A render of <paramref name="video"/> speaking <paramref name="speechSeconds"/> of speech: the output lasts as long
    /// as the speech. With <paramref name="normalizedFirst"/> the render reads the video's normalized copy instead.
    /// </summary>
    public static WorkSize ForRender(double speechSeconds, MediaInfo video, InputPolicy policy, bool normalizedFirst = false)
    {
        var output = OutputOf(video.Video!, policy);
        var seconds = speechSeconds;
        // A video shorter than the speech is decoded once and played back from a spill file.
        var decodedSeconds = Math.Min(seconds, video.DurationSeconds > 0 ? video.DurationSeconds : seconds);
        var decoded = normalizedFirst
            ? Decoded(output.Width, output.Height, output.FramesPerSecond, H264Settings.Default.BitRate, decodedSeconds)
            : Decoded(video, decodedSeconds);
        return new WorkSize
        {
            Analyze = seconds,
            Render = Encoded(output, seconds) + decoded + EngineFrameCost * output.FramesPerSecond * seconds,
            // The encoder holds about a second of frames when the last one goes in; reading the output's packets to
            // verify it (OutputFile.VerifyWrittenAsync) takes a fraction of a second at any length.
            Finish = Encoded(output, 1),
        };
    }

    /// <summary>How long the speech lasts: the recording's length, or else the script's expected length before it is synthesized.</summary>
    public static double SpeechSeconds(MediaInfo? recording, Script? script) =>
        recording?.DurationSeconds ?? ScriptSeconds((script ?? throw new ArgumentException("speech needs a recording or a script", nameof(script))).Text);

    /// <summary>
    /// How long a script takes to say before it is synthesized: espeak-ng's 175 words a minute are about 14 letters a
    /// second, and Chinese is read at about 4 characters a second.
    /// </summary>
    public static double ScriptSeconds(string text) =>
        text.Sum(c => c >= '\u2E80' ? 0.25 : 1 / 14.0);

    /// <summary>A normalization of the whole video.</summary>
    public static WorkSize ForNormalize(MediaInfo video, InputPolicy policy) => new()
    {
        Normalize = Encoded(OutputOf(video.Video!, policy), video.DurationSeconds) + Decoded(video, video.DurationSeconds),
    };

    private static (int Width, int Height, double FramesPerSecond) OutputOf(VideoStreamInfo video, InputPolicy policy)
    {
        var (width, height) = Normalizer.FitWithin(video.DisplayWidth, video.DisplayHeight, policy.MaxShortSide, policy.MaxLongSide);
        var fps = video.FramesPerSecond is > 0 and var rate ? Math.Min(rate, policy.MaxFramesPerSecond) : policy.MaxFramesPerSecond;
        return (width, height, fps);
    }

    private static double Encoded((int Width, int Height, double FramesPerSecond) output, double seconds) =>
        output.Width * (double)output.Height * output.FramesPerSecond * seconds / 1e6;

    private static double Decoded(MediaInfo video, double seconds)
    {
        var stream = video.Video!;
        return Decoded(stream.Width, stream.Height, stream.FramesPerSecond > 0 ? stream.FramesPerSecond : 30, stream.BitRate ?? video.BitRate ?? 0, seconds);
    }

    private static double Decoded(int width, int height, double framesPerSecond, long bitRate, double seconds) =>
        DecodedMegapixelCost * width * (double)height * framesPerSecond * seconds / 1e6 + DecodedMegabitCost * bitRate * seconds / 1e6;
}
