using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Mouthpiece.Media;
using Mouthpiece.Speech;
using Mouthpiece.Speech.Espeak;

namespace Mouthpiece.Core.Tests.Speech;

/// <summary>The TTS service client against a local HeyGem-style service (Kestrel on a free port) that answers with real espeak-ng speech.</summary>
public sealed class TtsServiceClientTests : IAsyncLifetime, IDisposable
{
    private readonly Scratch _scratch = new();
    private readonly List<JsonElement> _requests = [];
    private WebApplication _server = null!;
    private string _address = "";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _server = builder.Build();
        _server.MapPost("/v1/invoke", async (HttpContext context) =>
        {
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body);
            lock (_requests)
                _requests.Add(body);
            var text = body.GetProperty("text").GetString()!;
            if (text.Contains("refuse", StringComparison.Ordinal))
                return Results.Json(new { code = 10002, msg = "reference audio not found" }, statusCode: 500);
            if (text.Contains("garbage", StringComparison.Ordinal))
                return Results.Bytes("<html>not audio</html>"u8.ToArray(), "audio/wav");
            var (samples, rate, _) = EspeakSpeaker.Speak("gmw/en-US", text, CancellationToken.None);
            return Results.Bytes(WaveFile.Encode(samples, rate), "audio/wav");
        });
        await _server.StartAsync();
        _address = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    }

    [Fact]
    public async Task Speech_comes_back_as_audio_for_the_HeyGem_request()
    {
        var options = new TtsServiceOptions(_address) { ReferenceAudio = "/code/data/voice.wav", ReferenceText = "reference words" };
        var wav = _scratch.File("speech.wav");

        await new TtsServiceClient(options).SynthesizeAsync("Hello from the service.", wav);

        var info = await MediaProbe.ProbeAudioAsync(wav);
        Assert.InRange(info.Duration.TotalSeconds, 1, 3);
        var sent = Assert.Single(_requests);
        Assert.Equal("Hello from the service.", sent.GetProperty("text").GetString());
        Assert.Equal("wav", sent.GetProperty("format").GetString());
        Assert.Equal("/code/data/voice.wav", sent.GetProperty("reference_audio").GetString());
        Assert.Equal("reference words", sent.GetProperty("reference_text").GetString());
        Assert.Equal(1024, sent.GetProperty("max_new_tokens").GetInt32());
        Assert.False(sent.GetProperty("streaming").GetBoolean());
        Assert.True(Guid.TryParse(sent.GetProperty("speaker").GetString(), out _));
    }

    [Fact]
    public async Task A_script_read_by_the_service_voice_gets_word_times_from_its_pauses()
    {
        const string text = "The service reads this. Then it pauses, and reads on.";
        var options = new TtsServiceOptions(_address + "/v1/invoke");

        var speech = await SpeechSynthesis.SynthesizeAsync(Script.Checked(text, "service", "script"), _scratch.File("service.wav"), options);

        Assert.Equal(VoiceKind.Service, speech.Voice.Kind);
        Assert.False(speech.PhonemesKnown);
        Assert.Equal(3, speech.Timeline.Words.Count);
        Assert.True(speech.Timeline.Words[0].Start < 0.3);
    }

    [Fact]
    public async Task A_refusal_or_an_answer_that_is_not_audio_fails_with_the_service_s_words_and_leaves_no_file()
    {
        var client = new TtsServiceClient(new TtsServiceOptions(_address));
        var wav = _scratch.File("never.wav");

        var refused = await Assert.ThrowsAsync<TextToSpeechException>(() => client.SynthesizeAsync("please refuse", wav));
        var garbage = await Assert.ThrowsAsync<TextToSpeechException>(() => client.SynthesizeAsync("garbage please", wav));

        Assert.Contains("500", refused.Message, StringComparison.Ordinal);
        Assert.Contains("reference audio not found", refused.Message, StringComparison.Ordinal);
        Assert.Contains("not audio", garbage.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(wav));
        Assert.Empty(Directory.GetFiles(_scratch.Root, "never*"));
    }

    [Fact]
    public async Task An_unreachable_service_is_named_in_the_error()
    {
        using var closed = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        closed.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        var port = ((System.Net.IPEndPoint)closed.LocalEndPoint!).Port;
        var client = new TtsServiceClient(new TtsServiceOptions($"http://127.0.0.1:{port}"));

        var error = await Assert.ThrowsAsync<TextToSpeechException>(() => client.SynthesizeAsync("hello", _scratch.File("x.wav")));

        Assert.Contains($"127.0.0.1:{port}/v1/invoke cannot be reached", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_service_voice_needs_a_configured_service()
    {
        var error = Assert.Throws<MediaInputException>(() => Voices.Resolve("service", "hello"));

        Assert.Contains(TtsServiceOptions.EnvironmentVariable, error.Message, StringComparison.Ordinal);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _scratch.Dispose();
}
