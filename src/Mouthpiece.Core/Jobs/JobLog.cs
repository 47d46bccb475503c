using Microsoft.Extensions.Logging;

namespace Mouthpiece.Jobs;

/// <summary>
/// What happens to a job, as lines through the application's <see cref="ILogger"/>. Each line carries the job's id
/// as the <see cref="JobIdProperty"/> property, by which the logging set-up also writes it to the job's own log
/// (<see cref="DataDirectory.JobLog"/>), besides the main log.
/// </summary>
public sealed partial class JobLog(ILogger logger)
{
    public const string JobIdProperty = "JobId";

    public void Info(Job job, string? worker, string message) => Write(LogLevel.Information, job, worker, message);

    public void Warning(Job job, string? worker, string message) => Write(LogLevel.Warning, job, worker, message);

    public void Error(Job job, string? worker, string message) => Write(LogLevel.Error, job, worker, message);

    /// <summary>A problem of a worker process rather than of one job (the store or the broker out of reach), to the main log.</summary>
    public void NodeWarning(string node, string message)
    {
        if (!logger.IsEnabled(LogLevel.Warning))
            return;
        var oneLine = message.ReplaceLineEndings(" ");
        NodeLine(node, oneLine);
    }

    private void Write(LogLevel level, Job job, string? worker, string message)
    {
        if (!logger.IsEnabled(level))
            return;
        var kind = job.Kind.ToString().ToLowerInvariant();
        var oneLine = message.ReplaceLineEndings(" ");
        Line(level, job.Id, kind, job.BatchId ?? "-", worker ?? "-", oneLine);
    }

    [LoggerMessage(Message = "job={" + JobIdProperty + "} kind={Kind} batch={BatchId} worker={Worker} {Text}")]
    private partial void Line(LogLevel level, string jobId, string kind, string batchId, string worker, string text);

    [LoggerMessage(Level = LogLevel.Warning, Message = "node={Node} {Text}")]
    private partial void NodeLine(string node, string text);
}
