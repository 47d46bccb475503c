using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Mouthpiece.Web.Tests.Api;

/// <summary>
/// The real server (Kestrel, port 0): however an address beyond loopback is asked for, the server does not listen
/// there without an API key, and with one it says a key is required.
/// </summary>
public sealed class BindingTests : IDisposable
{
    private readonly DataDirectory _data = new(Directory.CreateTempSubdirectory("mouthpiece-binding-").FullName);

    public static TheoryData<string, string[]> BeyondLoopback => new()
    {
        { "0.0.0.0", [] },
        { "192.0.2.1", [] },
        { "127.0.0.1", ["--Kestrel:Endpoints:x:Url=http://0.0.0.0:0"] },
        { "127.0.0.1", ["--Kestrel:Endpoints:x:Url=http://[::]:0"] },
        { "127.0.0.1", ["--Kestrel:Endpoints:a:Url=http://127.0.0.1:0", "--Kestrel:Endpoints:b:Url=http://*:0"] },
        { "127.0.0.1", ["--urls=http://0.0.0.0:0"] },
        { "127.0.0.1", ["--Kestrel:Endpoints:x:Url=http://some-host-name:0"] },
    };

    public void Dispose() => Directory.Delete(_data.Root, recursive: true);

    [Theory]
    [MemberData(nameof(BeyondLoopback))]
    public async Task An_address_beyond_loopback_without_a_key_is_refused_or_never_bound(string host, string[] args)
    {
        await using var app = MouthpieceWebApp.Build(new WebAppOptions(host, 0, _data) { Workers = 0 }, args);

        var started = await StartAsync(app);

        if (started is null)
            Assert.All(BoundAddresses(app), address => Assert.True(IsLoopback(address), $"listening on {address} without a key"));
        else
            Assert.Contains(WebAppOptions.ApiKeyVariable, started.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BeyondLoopback))]
    public async Task With_a_key_it_listens_and_says_the_key_is_required(string host, string[] args)
    {
        if (host == "192.0.2.1")
            return; // not an address of this machine
        await using var app = MouthpieceWebApp.Build(new WebAppOptions(host, 0, _data) { Workers = 0, ApiKey = "k3y" }, args);

        Assert.Null(await StartAsync(app));

        using var client = new HttpClient();
        var port = new Uri(BoundAddresses(app).First()).Port;
        var session = await client.GetFromJsonAsync<JsonElement>($"http://127.0.0.1:{port}/api/session");
        Assert.True(session.GetProperty("keyRequired").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"http://127.0.0.1:{port}/api/system")).StatusCode);
    }

    [Fact]
    public async Task Loopback_only_without_a_key_says_no_key_is_required()
    {
        await using var app = MouthpieceWebApp.Build(new WebAppOptions("127.0.0.1", 0, _data) { Workers = 0 });

        Assert.Null(await StartAsync(app));

        using var client = new HttpClient();
        var session = await client.GetFromJsonAsync<JsonElement>(BoundAddresses(app).Single() + "/api/session");
        Assert.False(session.GetProperty("keyRequired").GetBoolean());
    }

    private static async Task<UnsafeToServeException?> StartAsync(WebApplication app)
    {
        try
        {
            await app.StartAsync();
            return null;
        }
        catch (Exception e) when (Unsafe(e) is { } unsafeToServe)
        {
            return unsafeToServe;
        }
    }

    private static UnsafeToServeException? Unsafe(Exception? e) => e switch
    {
        null => null,
        UnsafeToServeException found => found,
        AggregateException all => all.InnerExceptions.Select(Unsafe).FirstOrDefault(found => found is not null),
        _ => Unsafe(e.InnerException),
    };

    private static List<string> BoundAddresses(WebApplication app) =>
        [.. app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses];

    private static bool IsLoopback(string address)
    {
        var host = new Uri(address).Host.Trim('[', ']');
        return host == "localhost" || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }
}
