namespace Mouthpiece.Bench.Suite;

/// <summary>
/// What the suite measures, in one place: the full suite (under 20 minutes on 2 cores) and <c>--quick</c>
/// (under 3 minutes) differ only here.
/// </summary>
internal sealed record SuitePlan
{
    public static SuitePlan Full { get; } = new()
    {
        RatioInputs = [(480, 10), (720, 10), (1080, 10), (480, 60), (720, 60), (1080, 60)],
        RatioPairs = 3,
        // 5 s rather than 10 keeps the whole suite within 20 minutes with every ratio input above measured.
        BitrateSeconds = 5,
        BitRates1080 = [5_000_000, 10_000_000, 20_000_000, 40_000_000, 60_000_000],
        BatchRounds = 3,
        MemoryMinutes = [1, 5, 10],
        TimeLeftHeight = 1080,
        TimeLeftSeconds = 60,
        SlotsBatchSize = 8,
    };

    public static SuitePlan Quick { get; } = new()
    {
        IsQuick = true,
        // 1080p is where the speed bar is set (render ÷ plain ≤ 1.15).
        RatioInputs = [(480, 10), (720, 10), (1080, 10)],
        RatioPairs = 1,
        BitrateSeconds = 3,
        BitRates1080 = [10_000_000, 60_000_000],
        BatchRounds = 1,
        MemoryMinutes = [0.5, 1],
        CacheHeight = 480,
        TimeLeftHeight = 480,
        TimeLeftSeconds = 20,
        SlotsBatchSize = 4,
    };

    public bool IsQuick { get; init; }

    /// <summary>Section 1: render ÷ plain transcode of these inputs (lines, seconds), A/B pairs per input (median taken).</summary>
    public required IReadOnlyList<(int Height, int Seconds)> RatioInputs { get; init; }

    public required int RatioPairs { get; init; }

    /// <summary>Section 2: the same content at 1080p at each bit rate, and once at 2160p.</summary>
    public required int BitrateSeconds { get; init; }

    public required IReadOnlyList<long> BitRates1080 { get; init; }

    public long BitRate2160 { get; init; } = 60_000_000;

    /// <summary>Section 3: one speech for a 2160p camera file, a VP9 WebM and four compliant clips, against the compliant clips alone, this many times.</summary>
    public required int BatchRounds { get; init; }

    public int BatchItemSeconds { get; init; } = 4;

    /// <summary>Section 4: peak memory of the CLI at these input lengths.</summary>
    public required IReadOnlyList<double> MemoryMinutes { get; init; }

    /// <summary>480p rather than 720p: 16 minutes of 720p video alone would take the full suite past its time budget.</summary>
    public int MemoryHeight { get; init; } = 480;

    /// <summary>Section 5: first and second render of one video.</summary>
    public int CacheHeight { get; init; } = 720;

    public int CacheSeconds { get; init; } = 10;

    /// <summary>Section 6: the time left a render shows against the time it really had left, at this size and length.</summary>
    public required int TimeLeftHeight { get; init; }

    public required int TimeLeftSeconds { get; init; }

    /// <summary>Section 7: this many short compliant renders with different numbers of slots.</summary>
    public required int SlotsBatchSize { get; init; }
}
