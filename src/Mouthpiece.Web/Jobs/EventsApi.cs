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
    public static void MapEvents(this WebApplication app) =>
        app.MapGet("/api/events", (JobSystem jobs, IHostApplicationLifetime lifetime, CancellationToken cancellationToken) =>
            TypedResults.ServerSentEvents(StreamAsync(jobs, lifetime.ApplicationStopping, cancellationToken))).WithTags("Events");

    /// <summary>Ends with the request or when the server stops, so open pages never hold up a shutdown.</summary>
    private static async IAsyncEnumerable<SseItem<JobUpdateView?>> StreamAsync(
        JobSystem jobs, CancellationToken stopping, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, cancellationToken);
        var updates = jobs.Events.WatchAsync(linked.Token);
        yield return new SseItem<JobUpdateView?>(null, "ready");
        await foreach (var update in updates)
            yield return new SseItem<JobUpdateView?>(JobUpdateView.From(update), "job");
    }
}
