using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace Mouthpiece.Web.Tests.Api;

/// <summary>Clients that stall, send too much or leave streams open, against the real server (Kestrel).</summary>
public sealed class SlowClientTests
{
    [Fact]
    public async Task An_upload_that_stalls_is_cut_off_within_the_idle_timeout_and_its_partial_file_removed()
    {
        await using var server = await KestrelServer.StartAsync(("BodyIdleSeconds", "2"));
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, server.BaseAddress.Port);
        var headers = "POST /api/uploads?kind=video&name=stall.mp4 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Content-Type: application/octet-stream\r\nContent-Length: 10485760\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(headers));
        await socket.SendAsync(new byte[100 * 1024]);
        var uploads = Path.Combine(server.Data.Root, "uploads");
        await EventuallyAsync(() => Directory.Exists(uploads) && Directory.GetFiles(uploads, "*.part").Length == 1, TimeSpan.FromSeconds(10));
        var stalled = Stopwatch.StartNew();

        var answer = await ReadUntilClosedAsync(socket, TimeSpan.FromSeconds(20));

        Assert.True(stalled.Elapsed < TimeSpan.FromSeconds(8), $"cut off after {stalled.Elapsed.TotalSeconds:0.0} s");
        Assert.StartsWith("HTTP/1.1 408", answer, StringComparison.Ordinal);
        Assert.Contains("application/problem+json", answer, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(uploads));
    }

    [Fact]
    public async Task A_chunked_upload_over_the_limit_is_a_413_problem_and_leaves_nothing()
    {
        await using var server = await KestrelServer.StartAsync(("MaxUploadBytes", "300000"));
        using var client = server.CreateClient();
        using var content = new StreamContent(new MemoryStream(new byte[1_000_000]));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/uploads?kind=video&name=big.mp4") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await client.SendAsync(request);

        await RequestProblemsTests.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        var uploads = Path.Combine(server.Data.Root, "uploads");
        Assert.Empty(Directory.Exists(uploads) ? Directory.GetFiles(uploads) : []);
        Assert.DoesNotContain("[ERR]", await File.ReadAllTextAsync(server.Data.MainLog), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stopping_the_server_with_an_event_stream_open_ends_the_stream_and_logs_no_error()
    {
        var server = await KestrelServer.StartAsync();
        try
        {
            using var client = server.CreateClient();
            using var events = await client.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead);
            using var reader = new StreamReader(await events.Content.ReadAsStreamAsync());
            Assert.Equal("event: ready", await reader.ReadLineAsync());

            await server.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));

            await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
            var log = await File.ReadAllTextAsync(server.Data.MainLog);
            Assert.DoesNotContain("[ERR]", log, StringComparison.Ordinal);
            Assert.DoesNotContain("[FTL]", log, StringComparison.Ordinal);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private static async Task<string> ReadUntilClosedAsync(Socket socket, TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, timeout.Token)) > 0)
                received.Write(buffer, 0, read);
        }
        catch (SocketException)
        {
            // A reset after the answer still ends the connection.
        }
        return Encoding.ASCII.GetString(received.ToArray());
    }

    private static async Task EventuallyAsync(Func<bool> condition, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < limit, "condition not met in time");
            await Task.Delay(20);
        }
    }
}
