using Mouthpiece.Jobs;

namespace Mouthpiece.Web.Jobs;

/// <summary>
/// Opens the job system before the server takes its first request and runs its workers in this process
/// until shutdown, when the jobs they hold go back to the queue.
/// </summary>
public sealed class JobSystemHost(WebAppOptions options) : IHostedLifecycleService, IDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private JobSystem? system;
    private Task workers = Task.CompletedTask;

    public JobSystem System => system ?? throw new InvalidOperationException("the job system is not open yet");

    public int Workers => options.Workers ?? System.Options.Concurrency;

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var jobOptions = new JobSystemOptions { TtsService = options.TtsService };
        if (options.Workers is > 0 and var count)
            jobOptions = jobOptions with { Concurrency = count };
        system = await JobSystem.OpenAsync(options.Data, jobOptions, cancellationToken);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Workers > 0)
            workers = Task.Run(() => RunWorkersAsync(stopping.Token), CancellationToken.None);
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
        await stopping.CancelAsync();
        await workers.WaitAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => stopping.Dispose();
}
