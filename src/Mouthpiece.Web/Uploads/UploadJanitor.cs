namespace Mouthpiece.Web.Uploads;

/// <summary>
/// Deletes uploads a day after they arrived. A submitted upload has already been copied into the job
/// system's own input store, so this only frees the second copy and the files nobody submitted.
/// </summary>
public sealed class UploadJanitor(UploadReceiver uploads, Storage.IWebStore store) : BackgroundService
{
    public static readonly TimeSpan KeepFor = TimeSpan.FromDays(1);

    private static readonly TimeSpan Every = TimeSpan.FromHours(1);

    /// <summary>Deletes uploads older than <paramref name="cutoff"/>; returns how many.</summary>
    public async Task<int> SweepAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var old = await store.UploadsBeforeAsync(cutoff, cancellationToken);
        foreach (var upload in old)
            await uploads.DeleteAsync(upload.Id, cancellationToken);
        return old.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every);
        do
            await SweepAsync(DateTimeOffset.UtcNow - KeepFor, stoppingToken);
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
