using Mouthpiece.Devices;
using Mouthpiece.Distributed;
using Mouthpiece.Jobs;

namespace Mouthpiece.Web.Jobs;

/// <summary>
/// Opens the job system before the server takes its first request (embedded, or on the cluster's PostgreSQL and
/// RabbitMQ when those are set), follows the changes other processes make to the jobs, and runs the render workers
/// of this process until shutdown, when the jobs they hold go back to the queue.
/// </summary>
public sealed class JobSystemHost(WebAppOptions options, ILoggerFactory logging) : IHostedLifecycleService, IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private JobSystem? _system;
    private Task _workers = Task.CompletedTask;
    private Task _node = Task.CompletedTask;

    public JobSystem System => _system ?? throw new InvalidOperationException("the job system is not open yet");

    public int Workers => options.Workers ?? System.Options.Concurrency;

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var jobOptions = new JobSystemOptions { Device = options.Device ?? ComputeDevice.Auto, TtsService = options.TtsService };
        if (options.Workers is > 0 and var count)
            jobOptions = jobOptions with { Concurrency = count };
        _system = options.Cluster is { } cluster
            ? JobSystem.Open(options.Data, jobOptions, await ClusterBackend.OpenAsync(options.Data, jobOptions, cluster, cancellationToken), logging)
            : await JobSystem.OpenAsync(options.Data, jobOptions, logging, cancellationToken);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _node = Task.Run(() => System.RunNodeAsync(_stopping.Token), CancellationToken.None);
        if (Workers > 0)
            _workers = Task.Run(() => RunWorkersAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task RunWorkersAsync(CancellationToken cancellationToken)
    {
        try
        {
            await System.RunWorkersAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_workers, _node).WaitAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_system is not null)
            await _system.DisposeAsync();
        _stopping.Dispose();
    }
}
