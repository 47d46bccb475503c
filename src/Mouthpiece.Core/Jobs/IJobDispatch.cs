using System.Threading.Channels;

namespace Mouthpiece.Jobs;

/// <summary>
/// How idle workers learn that there is work. A wake-up is only a hint to look in the store, which alone says
/// which job runs where: a lost wake-up delays a job, a duplicate costs one look, neither loses or doubles one.
/// Embedded, wake-ups stay in the process and other processes poll (<see cref="LocalDispatch"/>); across machines
/// they are messages in a RabbitMQ work queue (Mouthpiece.Distributed).
/// </summary>
public interface IJobDispatch
{
    /// <summary>Says that <paramref name="jobs"/> jobs became ready to run.</summary>
    Task AnnounceAsync(int jobs, CancellationToken cancellationToken = default);

    /// <summary>
    /// Waits for a reason to look for work: a wake-up, or <paramref name="poll"/> passing where polling is the way to
    /// notice other processes' work. The worker holds the returned ticket while it runs what it took, and disposes it
    /// when its slot is free again (the broker's prefetch counts held tickets). <paramref name="tookWork"/>: the
    /// previous look found a job, so more may be waiting.
    /// </summary>
    Task<IAsyncDisposable> WaitForWorkAsync(TimeSpan poll, bool tookWork, CancellationToken cancellationToken);
}

/// <summary>
/// Wake-ups within one process (a submission wakes the workers beside it at once); workers in other processes on
/// the same data directory find new jobs by polling.
/// </summary>
public sealed class LocalDispatch : IJobDispatch
{
    /// <summary>Wake-ups nobody waits for (a server without workers of its own) need not pile up past this.</summary>
    private readonly Channel<bool> _wakeUps = Channel.CreateBounded<bool>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropWrite });

    public Task AnnounceAsync(int jobs, CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < jobs && _wakeUps.Writer.TryWrite(true); i++)
        {
        }
        return Task.CompletedTask;
    }

    public async Task<IAsyncDisposable> WaitForWorkAsync(TimeSpan poll, bool tookWork, CancellationToken cancellationToken)
    {
        if (!tookWork)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(poll);
            try
            {
                await _wakeUps.Reader.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Time to poll.
            }
        }
        return NoTicket.Instance;
    }

    private sealed class NoTicket : IAsyncDisposable
    {
        public static readonly NoTicket Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
