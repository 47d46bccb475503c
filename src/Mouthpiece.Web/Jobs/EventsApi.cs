using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Mouthpiece.Jobs;

namespace Mouthpiece.Web.Jobs;

/// <summary>
/// <c>GET /api/events</c>: a <c>ready</c> event, then every job change as an event named <c>job</c>. The page
/// loads the state when it sees <c>ready</c> and then applies the changes, so a reload or a dropped
/// connection (EventSource reconnects by itself) loses nothing.
/// </summary>
public static class EventsApi
{
    public static void MapEvents(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/events", (JobSystem jobs, IHostApplicationLifetime lifetime, CancellationToken cancellationToken) =>
            TypedResults.ServerSentEvents(StreamAsync(jobs, lifetime.ApplicationStopping, cancellationToken))).WithTags("Events");

    /// <summary>
    /// Ends with the request, or ends the stream normally when the server stops: open pages never hold up a
    /// shutdown, and a shutdown is not an error.
    /// </summary>
    private static async IAsyncEnumerable<SseItem<JobUpdateView?>> StreamAsync(
        JobSystem jobs, CancellationToken stopping, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, cancellationToken);
        await using var updates = jobs.Events.WatchAsync(linked.Token).GetAsyncEnumerator(linked.Token);
        yield return new SseItem<JobUpdateView?>(null, "ready");
        while (await NextAsync(updates, stopping))
            yield return new SseItem<JobUpdateView?>(JobUpdateView.From(updates.Current), "job");
    }

    private static async Task<bool> NextAsync(IAsyncEnumerator<JobUpdate> updates, CancellationToken stopping)
    {
        try
        {
            return await updates.MoveNextAsync();
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return false;
        }
    }
}
