using System.Net;
using Mouthpiece.Devices;
using Mouthpiece.Distributed;
using Mouthpiece.Speech;

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

    public string Inbox => InboxDirectory ?? Data.Inbox;

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

    /// <summary>Where this process's workers render jobs that do not choose (<c>--device</c>, <c>Mouthpiece:Device</c>, <c>MOUTHPIECE_DEVICE</c>); null is auto.</summary>
    public ComputeDevice? Device { get; init; }

    /// <summary>A request body that sends nothing for this long is cut off (408) and what it sent is deleted.</summary>
    public TimeSpan BodyIdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A request body slower than this on average, after a 10 s grace, is cut off (Kestrel's minimum data rate).</summary>
    public double MinBodyBytesPerSecond { get; init; } = 1024;

    /// <summary>How long a client may take to send a request's headers.</summary>
    public TimeSpan HeadersTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The HeyGem-compatible TTS service behind the <c>service</c> voice; null when none is configured.</summary>
    public TtsServiceOptions? TtsService { get; init; }

    /// <summary>The cluster's PostgreSQL (<c>postgres://…</c>); with <see cref="Broker"/>, the many-machines mode. Unset: embedded.</summary>
    public string? Store { get; init; }

    /// <summary>The cluster's RabbitMQ (<c>amqp://…</c>).</summary>
    public string? Broker { get; init; }

    /// <summary>The many-machines settings, or null for the embedded mode (also read from <c>MOUTHPIECE_STORE</c> / <c>MOUTHPIECE_BROKER</c>).</summary>
    public ClusterSettings? Cluster => ClusterSettings.Resolve(Store, Broker);

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
            Device = Device ?? ConfiguredDevice(NonEmpty(section["Device"]) ?? NonEmpty(configuration[ComputeDevices.EnvironmentVariable])),
            BodyIdleTimeout = section.GetValue<double?>("BodyIdleSeconds") is { } idle ? TimeSpan.FromSeconds(idle) : BodyIdleTimeout,
            MinBodyBytesPerSecond = section.GetValue("MinBodyBytesPerSecond", MinBodyBytesPerSecond),
            HeadersTimeout = section.GetValue<double?>("HeadersTimeoutSeconds") is { } headers ? TimeSpan.FromSeconds(headers) : HeadersTimeout,
            Store = Store ?? NonEmpty(section["Store"]),
            Broker = Broker ?? NonEmpty(section["Broker"]),
            TtsService = TtsService ?? TtsFrom(section, configuration),
        };
    }

    /// <summary><c>Mouthpiece:TtsUrl</c> (with <c>TtsReferenceAudio</c>, <c>TtsReferenceText</c>), else <c>MOUTHPIECE_TTS_URL</c> and its companions.</summary>
    private static TtsServiceOptions? TtsFrom(IConfigurationSection section, IConfiguration configuration)
    {
        var url = NonEmpty(section["TtsUrl"]) ?? NonEmpty(configuration[TtsServiceOptions.EnvironmentVariable]);
        return url is null ? null : new TtsServiceOptions(url)
        {
            ReferenceAudio = NonEmpty(section["TtsReferenceAudio"]) ?? NonEmpty(configuration[TtsServiceOptions.ReferenceAudioVariable]),
            ReferenceText = NonEmpty(section["TtsReferenceText"]) ?? NonEmpty(configuration[TtsServiceOptions.ReferenceTextVariable]),
        };
    }

    /// <summary>
    /// Stops start-up when an address the server is about to listen on would let other machines use it without a
    /// key. Called for every endpoint Kestrel binds, however it was configured (<c>--host</c>, <c>--urls</c>,
    /// <c>ASPNETCORE_URLS</c>, <c>Kestrel:Endpoints</c> in appsettings.json or the environment).
    /// </summary>
    public void EnsureSafeToListen(EndPoint endpoint)
    {
        if (endpoint is IPEndPoint { Address: var address } && !IPAddress.IsLoopback(address) && string.IsNullOrEmpty(ApiKey))
            throw new UnsafeToServeException(
                $"Refusing to listen on {endpoint}: other machines could use the server without a key. "
                + $"Set an API key first, e.g. `export {ApiKeyVariable}=$(openssl rand -hex 24)` "
                + "(or Mouthpiece:ApiKey in appsettings.json), or listen on 127.0.0.1 only.");
    }

    private static ComputeDevice? ConfiguredDevice(string? value) => value is null ? null : ComputeDevices.Parse(value);

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string[]? List(string? value) =>
        NonEmpty(value)?.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
