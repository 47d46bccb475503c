using Mouthpiece.Audio;
using Mouthpiece.Devices;
using Mouthpiece.Media;
using Mouthpiece.Messages;
using Mouthpiece.Subtitles;

namespace Mouthpiece.Pipeline;

/// <summary>The mouth for each of <paramref name="frameCount"/> output frames at <paramref name="framesPerSecond"/>.</summary>
public delegate MouthShape[] MouthTrackSource(double framesPerSecond, int frameCount);

/// <summary>One render: make the person in <paramref name="VideoPath"/> speak <paramref name="AudioPath"/>.</summary>
public sealed record RenderRequest(string AudioPath, string VideoPath, string OutputPath)
{
    /// <summary>The audio's probe when a step before ran it (an upload, a submission, the TTS check); null probes it.</summary>
    public MediaInfo? AudioProbe { get; init; }

    /// <summary>The video's probe when a step before ran it; null probes it.</summary>
    public MediaInfo? VideoProbe { get; init; }

    /// <summary>The video's content hash when it is known (a stored input, an avatar); null hashes the video for the face-track cache.</summary>
    public ContentHash? VideoHash { get; init; }

    /// <summary>Write the JSON report here too (it is always returned).</summary>
    public string? ReportPath { get; init; }

    /// <summary>Animate this face (0-based, left to right) instead of the main speaker.</summary>
    public int? FaceIndex { get; init; }

    public InputPolicy Policy { get; init; } = InputPolicy.Default;

    /// <summary>The classic engine, or a Wav2Lip-compatible model.</summary>
    public EngineChoice Engine { get; init; } = EngineChoice.Classic;

    /// <summary>Where to run: each GPU path whose check passes (auto), the CPU only, or the GPU or nothing.</summary>
    public ComputeDevice Device { get; init; } = ComputeDevice.Auto;

    /// <summary>The output's size, encoder quality and long-speech playback.</summary>
    public OutputSettings Output { get; init; } = OutputSettings.Default;

    /// <summary>Where face tracks are cached; null disables the cache.</summary>
    public string? FaceTrackCacheDirectory { get; init; }

    /// <summary>
    /// Where a render keeps decoded frames (those the face analysis decoded, for the render; a long render's for
    /// ping-pong playback); null uses the system's temp folder.
    /// </summary>
    public string? ScratchDirectory { get; init; }

    /// <summary>
    /// Disk the face analysis may fill with the raw frames it decodes, so the render reads them instead of decoding
    /// the video a second time; 0 always decodes twice. Frames that would not fit are not kept at all.
    /// </summary>
    public long KeptFramesBudgetBytes { get; init; } = KeptFrames.DefaultBudgetBytes;

    /// <summary>
    /// The mouth when it is known from the speech itself (text input: from the phoneme events), used instead of
    /// analysing the audio; null analyses the audio.
    /// </summary>
    public MouthTrackSource? MouthTrack { get; init; }

    /// <summary>Subtitles drawn into the picture (libass, a CJK font); null or empty burns nothing.</summary>
    public IReadOnlyList<SubtitleCue>? BurnedSubtitles { get; init; }

    /// <summary>The quality's share of the house bit rate (<see cref="HouseBitRate"/>) and its preset (<see cref="OutputSettings.Encoding"/>).</summary>
    /// <param name="encoder">x264, or NVENC when the device plan has the GPU encode.</param>
    public H264Settings OutputEncoding(int width, int height, double framesPerSecond, VideoEncoder encoder = VideoEncoder.X264)
    {
        var quality = Output.Encoding;
        return new H264Settings { BitRate = (long)(HouseBitRate(width, height, framesPerSecond) * quality.BitRateFactor), Preset = quality.X264Preset, Encoder = encoder };
    }

    /// <summary>
    /// The house bit rate (10 Mbps at 1080p30) scaled to the output's pixels per second, so a small
    /// clip is not inflated to 10 Mbps, with a floor that keeps faces crisp.
    /// </summary>
    private static long HouseBitRate(int width, int height, double framesPerSecond)
    {
        const double houseRate = 10_000_000.0 / (1920 * 1080 * 30);
        return Math.Min((long)Math.Max(1_500_000, houseRate * width * height * framesPerSecond), H264Settings.Default.BitRate);
    }
}

public enum RenderStage
{
    SynthesizingSpeech,
    Probing,
    AnalyzingAudio,

    /// <summary>The analysis pass over the video: faces and the person's own mouths; <see cref="RenderProgress.Fraction"/> says how far.</summary>
    AnalyzingVideo,
    Rendering,
    Finishing,
}

/// <summary>
/// Where a render is: its stage, the fraction of the stage done (frames encoded, while rendering) and the frames
/// per second so far. The time left is the estimator's (<see cref="Scheduling.ProgressEstimator"/>).
/// </summary>
public sealed record RenderProgress(RenderStage Stage, double Fraction, double FramesPerSecond)
{
    /// <summary>The stage as screens show it.</summary>
    public Message StageMessage => Stage switch
    {
        RenderStage.SynthesizingSpeech => Codes.Stages.SynthesizingSpeech(),
        RenderStage.Probing => Codes.Stages.Probing(),
        RenderStage.AnalyzingAudio => Codes.Stages.AnalyzingAudio(),
        RenderStage.AnalyzingVideo => Codes.Stages.AnalyzingVideo(),
        RenderStage.Rendering => Codes.Stages.Rendering(),
        _ => Codes.Stages.Finishing(),
    };
}
