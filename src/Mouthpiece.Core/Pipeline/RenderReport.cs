using Mouthpiece.Audio;
using Mouthpiece.Media;
using Mouthpiece.Messages;
using Mouthpiece.Rendering.Atlas;

namespace Mouthpiece.Pipeline;

/// <summary>What one render did, written as JSON beside the output (and returned to the caller).</summary>
public sealed record RenderReport
{
    public required string Output { get; init; }

    public required MediaInfo Audio { get; init; }

    public required MediaInfo Video { get; init; }

    /// <summary>The output picture's size (the chosen size; the mouth is drawn at the source's size within the input policy).</summary>
    public required int Width { get; init; }

    public required int Height { get; init; }

    public required double FramesPerSecond { get; init; }

    /// <summary>The encoder setting's name: draft, standard or high.</summary>
    public string Quality { get; init; } = "standard";

    /// <summary>How a video shorter than the speech was played: pingpong or loop.</summary>
    public string LongAudio { get; init; } = "pingpong";

    public required long Frames { get; init; }

    public required long SourceFrames { get; init; }

    public required double DurationSeconds { get; init; }

    /// <summary>Fraction of output frames in which a face was animated.</summary>
    public required double FaceCoverage { get; init; }

    public required bool FaceTrackFromCache { get; init; }

    /// <summary>
    /// Decoders the render started on the video: 1 when the face track came from the cache or the analysis kept the
    /// frames it decoded for the render; 2 when those frames were beyond the disk budget and the render decoded again.
    /// </summary>
    public int VideoDecodes { get; init; }

    /// <summary>Seconds of work per stage; the stages overlap, so they add up to more than the wall time.</summary>
    public required IReadOnlyDictionary<string, double> StageSeconds { get; init; }

    /// <summary>
    /// CPU seconds of the engine's own stages (face analysis, mouth rendering): what the render adds to the
    /// work of decoding and encoding, measured on the stage's thread so the encoder's load does not inflate it.
    /// </summary>
    public required IReadOnlyDictionary<string, double> EngineCpuSeconds { get; init; }

    public required double WallSeconds { get; init; }

    /// <summary>"classic" or "wav2lip".</summary>
    public required string Engine { get; init; }

    /// <summary>What ran where: "encode libx264, decode cpu, inference cpu", or with h264_nvenc and cuda.</summary>
    public required string Device { get; init; }

    /// <summary>Why a part stayed on the CPU although the GPU was allowed (auto); null when nothing fell back.</summary>
    public string? DeviceFallback { get; init; }

    /// <summary>The engine's CPU seconds as a fraction of the wall time (the engine run alone would take this share).</summary>
    public double EngineShareOfWall => WallSeconds > 0 ? Math.Round(EngineCpuSeconds.Values.Sum() / WallSeconds, 4) : 0;

    /// <summary>Output frames per second of wall time.</summary>
    public double RenderFramesPerSecond => WallSeconds > 0 ? Frames / WallSeconds : 0;

    /// <summary>
    /// Correlation between the inner-lip opening we drew and the speech's loudness, at the best lag within
    /// ±15 frames (computed from the rendered geometry; <c>mouthpiece evaluate</c> measures the video itself).
    /// </summary>
    public double? SyncScore { get; init; }

    public int? SyncLagFrames { get; init; }

    /// <summary>How loud the speech is where it speaks; a near-silent recording gets a warning.</summary>
    public SpeechLevel? SpeechLevel { get; init; }

    /// <summary>What the user should know about the result although it rendered (near-silent speech, say).</summary>
    public IReadOnlyList<Message> Warnings { get; init; } = [];

    /// <summary>The two series <see cref="SyncScore"/> correlates, per output frame, for the sync chart.</summary>
    public SyncCurves? SyncCurves { get; init; }

    /// <summary>
    /// How the classic engine drew the mouth: "samples" (the person's own mouths from other frames), "warp" (this frame's
    /// mouth reshaped) or "hybrid"; null for the neural engine.
    /// </summary>
    public string? MouthMode { get; init; }

    /// <summary>Why that mode was chosen for this video.</summary>
    public string? MouthModeReason { get; init; }

    /// <summary>The classic engine's plan (openings asked for, samples chosen), for the quality bench's diagnosis; not written out.</summary>
    internal MouthPlan? MouthPlan { get; init; }
}

/// <summary>
/// Per output frame: the inner-lip opening the render drew (null where it drew no face, and everywhere for the neural
/// engine, whose drawn mouth is not measured) and the speech's loudness.
/// </summary>
public sealed record SyncCurves(IReadOnlyList<double?> Mouth, IReadOnlyList<double?> Speech)
{
    public static SyncCurves From(IEnumerable<double> mouth, IEnumerable<double> speech) => new([.. mouth.Select(Kept)], [.. speech.Select(Kept)]);

    // Four decimals are far below what a chart shows, and keep the report small.
    private static double? Kept(double value) => double.IsFinite(value) ? Math.Round(value, 4) : null;
}
