using Mouthpiece.Media;
using Mouthpiece.Messages;

namespace Mouthpiece.Pipeline;

/// <summary>The output's size: the source's (within the input policy), or a short side of 1080, 720 or 480 pixels.</summary>
public enum OutputSize
{
    Source,
    P1080,
    P720,
    P480,
}

/// <summary>A named encoder setting (see <see cref="OutputSettings.Encoding"/>; measured in the README, Output settings).</summary>
public enum OutputQuality
{
    Draft,
    Standard,
    High,
}

/// <summary>What plays when the speech outlasts the video: the video forward then backward (no jump), or again from the start.</summary>
public enum LongAudio
{
    PingPong,
    Loop,
}

/// <summary>
/// The output choices of one render: size, encoder quality, and what plays when the speech outlasts the video.
/// The size is applied by the encoder after the mouth is drawn: face analysis always runs at the source's geometry,
/// so its cache (keyed by that geometry) is shared by every output size and never holds a track of another geometry.
/// </summary>
public sealed record OutputSettings
{
    public static readonly OutputSettings Default = new();

    public OutputSize Size { get; init; } = OutputSize.Source;

    public OutputQuality Quality { get; init; } = OutputQuality.Standard;

    public LongAudio LongAudio { get; init; } = LongAudio.PingPong;

    /// <summary>Reads the names the CLI, API and page use; null keeps the default.</summary>
    /// <exception cref="ProblemException">A name that is not one of the choices, with the choices.</exception>
    public static OutputSettings Parse(string? size, string? quality, string? longAudio) => new()
    {
        Size = size is null ? OutputSize.Source : ParseName(size, SizeNames, Codes.Output.UnknownSize),
        Quality = quality is null ? OutputQuality.Standard : ParseName(quality, QualityNames, Codes.Output.UnknownQuality),
        LongAudio = longAudio is null ? LongAudio.PingPong : ParseName(longAudio, LongAudioNames, Codes.Output.UnknownLongAudio),
    };

    public static readonly IReadOnlyDictionary<OutputSize, string> SizeNames = new Dictionary<OutputSize, string>
    {
        [OutputSize.Source] = "source",
        [OutputSize.P1080] = "1080",
        [OutputSize.P720] = "720",
        [OutputSize.P480] = "480",
    };

    public static readonly IReadOnlyDictionary<OutputQuality, string> QualityNames = new Dictionary<OutputQuality, string>
    {
        [OutputQuality.Draft] = "draft",
        [OutputQuality.Standard] = "standard",
        [OutputQuality.High] = "high",
    };

    public static readonly IReadOnlyDictionary<LongAudio, string> LongAudioNames = new Dictionary<LongAudio, string>
    {
        [LongAudio.PingPong] = "pingpong",
        [LongAudio.Loop] = "loop",
    };

    public string SizeName => SizeNames[Size];

    public string QualityName => QualityNames[Quality];

    public string LongAudioName => LongAudioNames[LongAudio];

    /// <summary>
    /// The picture's size in the output for a render drawn at <paramref name="width"/>×<paramref name="height"/>: the
    /// short side becomes the chosen number of pixels and the long side keeps the aspect ratio, both even (yuv420p).
    /// </summary>
    public (int Width, int Height) Fit(int width, int height)
    {
        if (Size == OutputSize.Source)
            return (width, height);
        var shortSide = Size switch
        {
            OutputSize.P1080 => 1080,
            OutputSize.P720 => 720,
            _ => 480,
        };
        var scale = (double)shortSide / Math.Min(width, height);
        return (Even(width * scale), Even(height * scale));
    }

    /// <summary>
    /// The named encoder setting: an x264 preset and a share of the house bit rate (which follows the pixels per
    /// second, see <see cref="RenderRequest.OutputEncoding"/>). Standard is the house setting every render used before.
    /// </summary>
    public QualityPreset Encoding => Quality switch
    {
        OutputQuality.Draft => new QualityPreset("ultrafast", 0.5),
        OutputQuality.High => new QualityPreset("medium", 1.5),
        _ => new QualityPreset(H264Settings.Default.Preset, 1.0),
    };

    private static int Even(double pixels) => Math.Max(2, (int)Math.Round(pixels / 2, MidpointRounding.AwayFromZero) * 2);

    private static T ParseName<T>(string name, IReadOnlyDictionary<T, string> names, Func<string, string, Message> unknown)
        where T : struct, Enum
    {
        var wanted = name.Trim().ToLowerInvariant();
        foreach (var (value, known) in names)
        {
            if (known == wanted || (typeof(T) == typeof(LongAudio) && known == wanted.Replace("-", "", StringComparison.Ordinal)))
                return value;
        }
        throw new ProblemException(unknown(name, string.Join(", ", names.Values)));
    }
}

/// <summary>An x264 preset (NVENC takes its nearest, <see cref="H264Settings.NvencPreset"/>) and a factor on the house bit rate.</summary>
public sealed record QualityPreset(string X264Preset, double BitRateFactor);
