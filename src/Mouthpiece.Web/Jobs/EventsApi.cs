using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Mouthpiece.Jobs;

namespace Mouthpiece.Web.Jobs;

/// <summary>
/// <c>GET /api/events</c>: every job change as a Server-Sent Event named <c>job</c>. The page loads the
/// state first and then applies these, so a reload or a dropped connection loses nothing.
/// </summary>
public static class EventsApi
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static void MapEvents(this WebApplication app) =>
        app.MapGet("/api/events", (JobSystem jobs, CancellationToken cancellationToken) =>
            TypedResults.ServerSentEvents(StreamAsync(jobs, cancellationToken))).WithTags("Events");

    /// <summary>Job updates, with a comment-free "ping" event when nothing happens so proxies keep the connection open.</summary>
    private static async IAsyncEnumerable<SseItem<JobUpdateView?>> StreamAsync(JobSystem jobs, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return new SseItem<JobUpdateView?>(null, "ready");
        await using var updates = jobs.Events.WatchAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        var next = updates.MoveNextAsync().AsTask();
        while (true)
        {
            var finished = await Task.WhenAny(next, Task.Delay(KeepAlive, cancellationToken));
            if (finished != next)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return new SseItem<JobUpdateView?>(null, "ping");
                continue;
            }
            if (!await next)
                yield break;
            yield return new SseItem<JobUpdateView?>(JobUpdateView.From(updates.Current), "job");
            next = updates.MoveNextAsync().AsTask();
        }
    }
}
