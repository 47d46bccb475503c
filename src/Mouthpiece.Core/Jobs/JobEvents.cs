using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Mouthpiece.Jobs;

/// <summary>
/// Job changes in this process, for screens that show them live (the web layer streams them). Each
/// watcher has its own small buffer that drops the oldest update when it falls behind: a slow browser
/// never slows a render, and the next update carries the whole state anyway.
/// </summary>
public sealed class JobEvents
{
    private readonly Lock _gate = new();
    private readonly List<Channel<JobUpdate>> _watchers = [];

    /// <summary>Updates from now on, until <paramref name="cancellationToken"/> ends the watch.</summary>
    public async IAsyncEnumerable<JobUpdate> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateBounded<JobUpdate>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_gate)
            _watchers.Add(channel);
        try
        {
            await foreach (var update in channel.Reader.ReadAllAsync(cancellationToken))
                yield return update;
        }
        finally
        {
            lock (_gate)
                _watchers.Remove(channel);
        }
    }

    public void Publish(JobUpdate update)
    {
        lock (_gate)
            foreach (var watcher in _watchers)
                watcher.Writer.TryWrite(update);
    }

    public void Publish(Job job) => Publish(JobUpdate.Of(job));
}
