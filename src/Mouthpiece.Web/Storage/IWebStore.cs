namespace Mouthpiece.Web.Storage;

/// <summary>What an upload is: its id (also its file name on disk), what the user called it, and what the probe found.</summary>
public sealed record UploadRecord(string Id, UploadKind Kind, string OriginalName, string Extension, long Size, DateTimeOffset CreatedAt, string ProbeJson);

public enum UploadKind
{
    Audio,
    Video,

    /// <summary>The words of a recording, for its subtitles: SRT, WebVTT or plain text.</summary>
    Script,
}

/// <summary>
/// The web layer's own records: uploads, whose original names live only here, and the HeyGem task codes clients
/// chose. Jobs themselves (and so the history) live in the job system's store. Embedded, a small SQLite file beside
/// the job queue (<see cref="SqliteWebStore"/>); across machines, tables in the cluster's PostgreSQL
/// (<see cref="PostgresWebStore"/>), so every web node knows every upload and task code.
/// </summary>
public interface IWebStore
{
    Task AddUploadAsync(UploadRecord upload, CancellationToken cancellationToken);

    Task<UploadRecord?> GetUploadAsync(string id, CancellationToken cancellationToken);

    Task<bool> DeleteUploadAsync(string id, CancellationToken cancellationToken);

    /// <summary>Uploads made before <paramref name="cutoff"/>.</summary>
    Task<IReadOnlyList<UploadRecord>> UploadsBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);

    /// <summary>Records a HeyGem task code; false when the code is already taken.</summary>
    Task<bool> AddHeyGemTaskAsync(string code, string jobId, CancellationToken cancellationToken);

    Task<string?> FindHeyGemJobAsync(string code, CancellationToken cancellationToken);
}

public static class WebStoreExtensions
{
    /// <summary>The store that goes with the job system's mode: PostgreSQL when the server runs in a cluster, else SQLite.</summary>
    public static IServiceCollection AddWebStore(this IServiceCollection services) => services.AddSingleton<IWebStore>(services =>
    {
        var options = services.GetRequiredService<WebAppOptions>();
        return options.Cluster is { } cluster ? new PostgresWebStore(cluster) : new SqliteWebStore(options);
    });
}
