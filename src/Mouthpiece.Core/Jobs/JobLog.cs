using System.Globalization;

namespace Mouthpiece.Jobs;

/// <summary>
/// Structured lines (time, level, job id, batch, worker, message) written to the job's own log file and
/// to the main log. Files are opened in append mode for each line, so several processes can share them.
/// </summary>
public sealed class JobLog(DataDirectory data)
{
    private static readonly Lock Gate = new();

    public string JobLogPath(string jobId) => Path.Combine(data.Logs, "jobs", jobId + ".log");

    public void Info(Job job, string? worker, string message) => Write(job, worker, "INF", message);

    public void Warning(Job job, string? worker, string message) => Write(job, worker, "WRN", message);

    public void Error(Job job, string? worker, string message) => Write(job, worker, "ERR", message);

    /// <summary>A problem of a worker process rather than of one job (the store or the broker out of reach), to the main log.</summary>
    public void NodeWarning(string node, string message)
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} WRN node={node} {message.ReplaceLineEndings(" ")}{Environment.NewLine}");
        lock (Gate)
            Append(data.MainLog, line);
    }

    private void Write(Job job, string? worker, string level, string message)
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {level} job={job.Id} kind={job.Kind.ToString().ToLowerInvariant()} batch={job.BatchId ?? "-"} worker={worker ?? "-"} {message.ReplaceLineEndings(" ")}{Environment.NewLine}");
        lock (Gate)
        {
            Append(JobLogPath(job.Id), line);
            Append(data.MainLog, line);
        }
    }

    private static void Append(string path, string line)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        using var writer = new StreamWriter(stream);
        writer.Write(line);
    }
}
