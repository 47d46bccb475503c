namespace Mouthpiece.Web.Storage;

/// <summary>
/// One row of the <c>uploads</c> table as Dapper fills it: the same columns in both stores, so the way back to an
/// <see cref="UploadRecord"/> is written once; each store says only how its database writes a time.
/// </summary>
internal abstract class UploadRow<TTime>
{
    public string Id { get; init; } = "";

    public string Kind { get; init; } = "";

    public string OriginalName { get; init; } = "";

    public string Extension { get; init; } = "";

    public long Size { get; init; }

    public TTime CreatedAt { get; init; } = default!;

    public string ProbeJson { get; init; } = "";

    public UploadRecord ToRecord() => new(Id, Enum.Parse<UploadKind>(Kind), OriginalName, Extension, Size, Time(CreatedAt), ProbeJson);

    /// <summary>A time as the database wrote it, as a UTC instant.</summary>
    protected abstract DateTimeOffset Time(TTime stored);
}
