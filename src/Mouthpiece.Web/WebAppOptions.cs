using System.Net;
using Mouthpiece.Distributed;

namespace Mouthpiece.Web;

/// <summary>
/// How the web server is started: where it listens, where it keeps its data, and the security
/// settings. Every setting can also come from configuration (<c>Mouthpiece:Name</c>, or the
/// environment variable <c>Mouthpiece__Name</c>); see <see cref="WithConfiguration"/>.
/// </summary>
public sealed record WebAppOptions(string Host, int Port, DataDirectory Data)
{
    public const int DefaultPort = 7860;

    public const string DefaultHost = "127.0.0.1";

    /// <summary>The plain environment variable that holds the API key (also read as <c>Mouthpiece__ApiKey</c>).</summary>
    public const string ApiKeyVariable = "MOUTHPIECE_API_KEY";

    public Uri Url => new($"http://{(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host)}:{Port}/");

    /// <summary>Required on every API call when set; required to bind anything but loopback.</summary>
    public string? ApiKey { get; init; }

    /// <summary>The only folder the HeyGem-compatible endpoints may take files from.</summary>
    public string? InboxDirectory { get; init; }

    public string Inbox => InboxDirectory ?? Path.Combine(Data.Root, "inbox");

    /// <summary>
    /// Where HeyGem's own service saw the inbox inside its container; paths that begin with it are taken as paths in the
    /// inbox, so clients that send container paths need no change.
    /// </summary>
    public string HeyGemContainerPath { get; init; } = "/code/data";

    /// <summary>Larger uploads are refused with 413.</summary>
    public long MaxUploadBytes { get; init; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Origins allowed to call the API from other sites; empty (the default) means no CORS at all.</summary>
    public IReadOnlyList<string> CorsOrigins { get; init; } = [];

    /// <summary>Host names the server answers to, besides loopback and the bound address (DNS-rebinding defence).</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>API requests one client address may make per minute before it gets 429.</summary>
    public int RequestsPerMinute { get; init; } = 600;

    /// <summary>Render workers in this process; 0 leaves rendering to <c>mouthpiece worker</c> processes.</summary>
    public int? Workers { get; init; }

    /// <summary>The cluster's PostgreSQL (<c>postgres://…</c>); with <see cref="Broker"/>, the many-machines mode. Unset: embedded.</summary>
    public string? Store { get; init; }

    /// <summary>The cluster's RabbitMQ (<c>amqp://…</c>).</summary>
    public string? Broker { get; init; }

    /// <summary>The many-machines settings, or null for the embedded mode (also read from <c>MOUTHPIECE_STORE</c> / <c>MOUTHPIECE_BROKER</c>).</summary>
    public ClusterSettings? Cluster => ClusterSettings.Resolve(Store, Broker);

    public bool IsLoopbackOnly => Host is "localhost" || (IPAddress.TryParse(Host, out var address) && IPAddress.IsLoopback(address));

    /// <summary>Fills in what the configuration sets and the command line left alone.</summary>
    public WebAppOptions WithConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection("Mouthpiece");
        return this with
        {
            Data = section["DataDirectory"] is { Length: > 0 } data ? new DataDirectory(Path.GetFullPath(data)) : Data,
            ApiKey = ApiKey ?? NonEmpty(section["ApiKey"]) ?? NonEmpty(configuration[ApiKeyVariable]),
            InboxDirectory = InboxDirectory ?? NonEmpty(section["Inbox"]),
            HeyGemContainerPath = NonEmpty(section["HeyGemContainerPath"]) ?? HeyGemContainerPath,
            MaxUploadBytes = section.GetValue("MaxUploadBytes", MaxUploadBytes),
            CorsOrigins = List(section["CorsOrigins"]) ?? CorsOrigins,
            AllowedHosts = List(section["AllowedHosts"]) ?? AllowedHosts,
            RequestsPerMinute = section.GetValue("RequestsPerMinute", RequestsPerMinute),
            Workers = section.GetValue<int?>("Workers") ?? Workers,
            Store = Store ?? NonEmpty(section["Store"]),
            Broker = Broker ?? NonEmpty(section["Broker"]),
        };
    }

    /// <summary>Stops start-up when the server would be reachable from other machines without a key.</summary>
    public void EnsureSafeToServe()
    {
        if (!IsLoopbackOnly && string.IsNullOrEmpty(ApiKey))
            throw new UnsafeToServeException(
                $"Refusing to listen on {Host}: other machines could use the server without a key. "
                + $"Set an API key first, e.g. `export {ApiKeyVariable}=$(openssl rand -hex 24)` "
                + "(or Mouthpiece:ApiKey in appsettings.json), or listen on 127.0.0.1.");
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string[]? List(string? value) =>
        NonEmpty(value)?.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
