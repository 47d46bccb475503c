using System.Globalization;
using Mouthpiece.Jobs;
using Serilog;
using Serilog.Events;
using Serilog.Extensions.Logging;

namespace Mouthpiece.Web.Logging;

/// <summary>
/// The one logging set-up of every Mouthpiece process (the web server, <c>mouthpiece worker</c> and <c>batch</c>):
/// Serilog writes the main log and, for each line about a job, that job's own log. Several processes may
/// share a data directory, so both files are opened in shared mode.
/// </summary>
public static class MouthpieceLogging
{
    private const long MainLogLimitBytes = 50 * 1024 * 1024;

    // How many job logs a process keeps open at once; the least recent is closed when another job logs.
    private const int OpenJobLogs = 32;

    /// <param name="console">Also write to the console (the web server does; the CLI draws its own screen there).</param>
    public static LoggerConfiguration Configure(LoggerConfiguration configuration, DataDirectory data, bool console)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(data);
        configuration
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .WriteTo.File(
                data.MainLog,
                formatProvider: CultureInfo.InvariantCulture,
                outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} [{Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}",
                fileSizeLimitBytes: MainLogLimitBytes,
                rollOnFileSizeLimit: true,
                retainedFileCountLimit: 5,
                shared: true)
            .WriteTo.Map<string?>(JobLog.JobIdProperty, null, (jobId, sink) =>
            {
                // Lines about no job stay out of the job logs.
                if (jobId is not null)
                {
                    sink.File(data.JobLog(jobId), formatProvider: CultureInfo.InvariantCulture,
                        outputTemplate: "{UtcTimestamp:yyyy-MM-ddTHH:mm:ss.fffZ} {Level:u3} {Message:lj}{NewLine}{Exception}", shared: true);
                }
            }, sinkMapCountLimit: OpenJobLogs);
        if (console)
        {
            configuration.WriteTo.Console(formatProvider: CultureInfo.InvariantCulture,
                outputTemplate: "{Timestamp:HH:mm:ss} {Level:u3} {SourceContext}: {Message:lj}{NewLine}{Exception}");
        }
        return configuration;
    }

    /// <summary>A logger factory for a CLI process that runs jobs; dispose it to flush and close the files.</summary>
    public static SerilogLoggerFactory CreateFactory(DataDirectory data) =>
        new(Configure(new LoggerConfiguration(), data, console: false).CreateLogger(), dispose: true);

    /// <summary>Makes Serilog the web server's only logging provider.</summary>
    public static IServiceCollection AddMouthpieceLogging(this IServiceCollection services) =>
        services.AddSerilog(
            (provider, configuration) => Configure(configuration, provider.GetRequiredService<WebAppOptions>().Data, console: true),
            // Tests run several servers in one process: none of them may own the static logger.
            preserveStaticLogger: true);
}
