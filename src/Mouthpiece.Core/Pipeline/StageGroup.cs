namespace Mouthpiece.Pipeline;

/// <summary>
/// Runs pipeline stages side by side. When one fails, the others are canceled, and the failure that
/// started it all is the one rethrown — not the cancellations it caused in the other stages.
/// </summary>
internal sealed class StageGroup : IDisposable
{
    private readonly CancellationTokenSource _cancel;
    private readonly List<Task> _stages = [];

    public StageGroup(CancellationToken outer)
    {
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(outer);
    }

    public CancellationToken Token => _cancel.Token;

    public void Start(Func<CancellationToken, Task> stage) =>
        _stages.Add(Task.Run(async () =>
        {
            try
            {
                await stage(_cancel.Token);
            }
            catch
            {
                await _cancel.CancelAsync();
                throw;
            }
        }));

    public async Task WaitAsync()
    {
        try
        {
            await Task.WhenAll(_stages);
        }
        catch (OperationCanceledException)
        {
            var rootCause = _stages.Select(s => s.Exception?.InnerException).FirstOrDefault(e => e is not null and not OperationCanceledException);
            if (rootCause is not null)
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(rootCause);
            throw;
        }
    }

    public void Dispose() => _cancel.Dispose();
}
