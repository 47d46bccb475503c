using Mouthpiece.Messages;
using Mouthpiece.Pipeline;
using Mouthpiece.Scheduling;
using Mouthpiece.Speech;
using Mouthpiece.Subtitles;

namespace Mouthpiece.Jobs;

/// <summary>
/// One row of the <c>jobs</c> table as Dapper fills it. Both stores (SQLite here, PostgreSQL in Mouthpiece.Distributed)
/// hold the same columns, so the way back to a <see cref="Job"/> is written once; each store says only how its
/// database writes a time (<typeparamref name="TTime"/>: SQLite Unix milliseconds, PostgreSQL <c>timestamptz</c>).
/// </summary>
public abstract class JobRow<TTime>
    where TTime : struct
{
    public string Id { get; init; } = "";

    public string Kind { get; init; } = "";

    public string? BatchId { get; init; }

    public int? BatchItem { get; init; }

    public string? AudioHash { get; init; }

    public string? AudioPath { get; init; }

    public string? AudioName { get; init; }

    public string VideoHash { get; init; } = "";

    public string VideoPath { get; init; } = "";

    public string VideoName { get; init; } = "";

    public int? FaceIndex { get; init; }

    public string? OutputSize { get; init; }

    public string? Quality { get; init; }

    public string? LongAudio { get; init; }

    public string? Engine { get; init; }

    public string? ModelPath { get; init; }

    public string? Device { get; init; }

    public string? ScriptText { get; init; }

    public string? Voice { get; init; }

    public string? Subtitles { get; init; }

    public bool RetimeScript { get; init; }

    public string? SubtitleHash { get; init; }

    public string? SubtitlePath { get; init; }

    public string? SubtitleName { get; init; }

    public string OutputPath { get; init; } = "";

    public string OutputName { get; init; } = "";

    public string? DependsOn { get; init; }

    public string State { get; init; } = "";

    public string StageCode { get; init; } = "";

    public string? StageParams { get; init; }

    public double Progress { get; init; }

    public long? EtaMs { get; init; }

    public int Attempts { get; init; }

    public string? ErrorCode { get; init; }

    public string? ErrorParams { get; init; }

    public TTime CreatedAt { get; init; }

    public TTime? StartedAt { get; init; }

    public TTime? FinishedAt { get; init; }

    public TTime? NotBefore { get; init; }

    public string? LeaseOwner { get; init; }

    public TTime? LeaseExpires { get; init; }

    public string? Work { get; init; }

    public long? QueueKey { get; init; }

    public Job ToJob() => new()
    {
        Id = Id,
        Kind = Enum.Parse<JobKind>(Kind, ignoreCase: true),
        BatchId = BatchId,
        BatchItem = BatchItem ?? 0,
        Audio = AudioHash is null ? null : new StoredInput(AudioHash, AudioPath!, AudioName!),
        Video = new StoredInput(VideoHash, VideoPath, VideoName),
        Script = ScriptText is null ? null : new Script(ScriptText, Voice ?? Voices.Auto),
        SubtitleScript = SubtitleHash is null ? null : new StoredInput(SubtitleHash, SubtitlePath!, SubtitleName!),
        Options = new JobOptions
        {
            FaceIndex = FaceIndex,
            Output = OutputSettings.Parse(OutputSize, Quality, LongAudio),
            Engine = Engine,
            ModelPath = ModelPath,
            Device = Device,
            Subtitles = SubtitleFormatNames.Parse([Subtitles ?? ""]),
            RetimeScript = RetimeScript,
        },
        OutputPath = OutputPath,
        OutputName = OutputName,
        DependsOn = DependsOn,
        State = Enum.Parse<JobState>(State, ignoreCase: true),
        Stage = MessageJson.Read(StageCode, StageParams),
        Progress = Progress,
        Remaining = EtaMs is { } eta ? TimeSpan.FromMilliseconds(eta) : null,
        Attempts = Attempts,
        Error = ErrorCode is { } error ? MessageJson.Read(error, ErrorParams) : null,
        CreatedAt = Time(CreatedAt),
        StartedAt = StartedAt is { } started ? Time(started) : null,
        FinishedAt = FinishedAt is { } finished ? Time(finished) : null,
        NotBefore = NotBefore is { } notBefore ? Time(notBefore) : null,
        LeaseOwner = LeaseOwner,
        LeaseExpires = LeaseExpires is { } expires ? Time(expires) : null,
        Work = WorkSize.FromJson(Work),
        // Jobs stored before queue keys were kept queue by their submission time.
        QueueKey = QueueKey ?? Time(CreatedAt).ToUnixTimeMilliseconds(),
    };

    /// <summary>A time as the database wrote it, as a UTC instant.</summary>
    protected abstract DateTimeOffset Time(TTime stored);
}
