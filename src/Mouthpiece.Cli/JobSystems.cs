using System.CommandLine;
using Mouthpiece.Distributed;
using Microsoft.Extensions.Logging;
using Mouthpiece.Jobs;

namespace Mouthpiece.Cli;

/// <summary>
/// Where the commands that work on the queue find it: the data directory's SQLite file, or a cluster's PostgreSQL
/// and RabbitMQ given by <c>--store</c> and <c>--broker</c> (or <c>MOUTHPIECE_STORE</c> / <c>MOUTHPIECE_BROKER</c>).
/// </summary>
internal static class JobSystems
{
    public static Option<string?> StoreOption() => new("--store")
    {
        Description = $"The cluster's PostgreSQL, postgres://user:password@host:port/database (default: ${ClusterSettings.StoreVariable}; unset: this data directory's own queue)",
    };

    public static Option<string?> BrokerOption() => new("--broker")
    {
        Description = $"The cluster's RabbitMQ, amqp://user:password@host:port/ (default: ${ClusterSettings.BrokerVariable})",
    };

    public static ClusterSettings? Cluster(ParseResult parse, Option<string?> store, Option<string?> broker) =>
        ClusterSettings.Resolve(parse.GetValue(store), parse.GetValue(broker));

    /// <summary>Opens the job system the options name; the caller disposes it (so its last events go out).</summary>
    /// <param name="logging">Where the jobs' lines go (the commands that run jobs); none when null.</param>
    public static async Task<JobSystem> OpenAsync(ParseResult parse, Option<string?> store, Option<string?> broker, JobSystemOptions? options,
        ILoggerFactory? logging, CancellationToken cancellationToken)
    {
        var data = CommonOptions.ResolveData(parse);
        options ??= new JobSystemOptions();
        return Cluster(parse, store, broker) is { } cluster
            ? JobSystem.Open(data, options, await ClusterBackend.OpenAsync(data, options, cluster, cancellationToken), logging)
            : await JobSystem.OpenAsync(data, options, logging, cancellationToken);
    }
}
