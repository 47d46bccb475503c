using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Mouthpiece.Web.Tests.Api;

/// <summary>Uploads are kept only when name, magic bytes and probe agree; they are stored by id and never by the sent name.</summary>
public sealed class UploadTests : IClassFixture<Scratch>, IDisposable
{
    private readonly MouthpieceFactory _factory = new(("Workers", "0"), ("MaxUploadBytes", "300000"));
    private readonly HttpClient _client;
    private readonly Scratch _scratch;

    public UploadTests(Scratch scratch)
    {
        _scratch = scratch;
        _client = _factory.CreateClient();
    }

    private string UploadDirectory => Path.Combine(_factory.DataRoot, "uploads");

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public async Task Video_upload_answers_its_probe_and_is_stored_under_an_id()
    {
        using var response = await _client.UploadAsync("video", "../../../tmp/talk.mp4", await File.ReadAllBytesAsync(Media.Video));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var upload = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = upload.GetProperty("id").GetString()!;
        Assert.Equal("talk.mp4", upload.GetProperty("name").GetString());
        Assert.Equal(512, upload.GetProperty("width").GetInt32());
        Assert.Equal(480, upload.GetProperty("height").GetInt32());
        Assert.Equal(3, upload.GetProperty("durationSeconds").GetDouble(), 0.1);
        Assert.False(upload.GetProperty("breaksPolicy").GetBoolean());
        Assert.Equal([id + ".mp4"], Directory.GetFiles(UploadDirectory).Select(Path.GetFileName));
        Assert.False(File.Exists(Path.GetFullPath(Path.Combine(UploadDirectory, "../../../tmp/talk.mp4"))));

        var again = await _client.JsonAsync($"/api/uploads/{id}");
        Assert.Equal("talk.mp4", again.GetProperty("name").GetString());
        using var delete = await _client.DeleteAsync($"/api/uploads/{id}");
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Empty(Directory.GetFiles(UploadDirectory));
    }

    [Fact]
    public async Task Video_beyond_the_input_policy_is_flagged_with_each_breach()
    {
        var fast = _scratch.Ffmpeg("fast.mp4", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=60", "-t", "0.5", "-c:v", "libx264", "-preset", "ultrafast");
        using var response = await _client.UploadAsync("video", "fast.mp4", await File.ReadAllBytesAsync(fast));
        var upload = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(upload.GetProperty("breaksPolicy").GetBoolean());
        Assert.Contains(upload.GetProperty("policyBreaches").EnumerateArray(), b => b.GetProperty("code").GetString() == "policy.frame_rate" && b.GetProperty("message").GetString()!.Contains("60 fps", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Audio_upload_may_be_a_speech_file_or_a_video_with_sound()
    {
        using var wav = await _client.UploadAsync("audio", "speech.wav", await File.ReadAllBytesAsync(Media.ShortSpeech(_scratch)));
        Assert.Equal(HttpStatusCode.Created, wav.StatusCode);
        Assert.Equal("pcm_s16le", (await wav.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("audioCodec").GetString());
        using var mp4 = await _client.UploadAsync("audio", "talk.mp4", await File.ReadAllBytesAsync(Media.Video));
        Assert.Equal(HttpStatusCode.Created, mp4.StatusCode);
    }

    [Fact]
    public async Task Silent_speech_is_warned_about_at_upload_and_real_speech_is_not()
    {
        var silence = _scratch.Ffmpeg("silence.wav", "-f", "lavfi", "-i", "anullsrc=r=16000:cl=mono", "-t", "2");
        using var silent = await _client.UploadAsync("audio", "silence.wav", await File.ReadAllBytesAsync(silence));
        var upload = await silent.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(upload.GetProperty("speechLevel").GetProperty("isSilent").GetBoolean());
        var warning = upload.GetProperty("warnings")[0];
        Assert.Equal("speech.silent", warning.GetProperty("code").GetString());
        Assert.Contains("silence.wav", warning.GetProperty("message").GetString(), StringComparison.Ordinal);
        // The warning is kept with the upload, not only sent once.
        var again = await _client.JsonAsync($"/api/uploads/{upload.GetProperty("id").GetString()}");
        Assert.Equal(1, again.GetProperty("warnings").GetArrayLength());

        using var speech = await _client.UploadAsync("audio", "speech.wav", await File.ReadAllBytesAsync(Media.ShortSpeech(_scratch)));
        var spoken = await speech.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, spoken.GetProperty("warnings").GetArrayLength());
        Assert.True(spoken.GetProperty("speechLevel").GetProperty("speechDbfs").GetDouble() > -30);
    }

    [Fact]
    public async Task Html_renamed_mp4_is_415_and_leaves_nothing_behind()
    {
        using var response = await _client.UploadAsync("video", "cat.mp4", "<!doctype html><script>alert(1)</script>"u8.ToArray());
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("text", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(Directory.Exists(UploadDirectory) ? Directory.GetFiles(UploadDirectory) : []);
    }

    [Theory]
    [InlineData("video", "talk.exe")]
    [InlineData("video", "talk")]
    [InlineData("video", "speech.wav")]
    [InlineData("audio", "talk.mp4.html")]
    public async Task Name_that_is_not_an_accepted_media_extension_is_415(string kind, string name)
    {
        using var response = await _client.UploadAsync(kind, name, await File.ReadAllBytesAsync(Media.Video));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Mp4_renamed_wav_is_415_because_the_magic_bytes_disagree()
    {
        using var response = await _client.UploadAsync("audio", "talk.wav", await File.ReadAllBytesAsync(Media.Video));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Truncated_mp4_with_right_magic_bytes_is_415_from_the_probe()
    {
        var bytes = await File.ReadAllBytesAsync(Media.Video);
        using var response = await _client.UploadAsync("video", "cut.mp4", bytes[..2000]);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Upload_over_the_limit_is_413_whether_declared_or_streamed()
    {
        var big = new byte[400_000];
        using var declared = await _client.UploadAsync("video", "big.mp4", big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);

        // Chunked: no Content-Length, so the limit is found while streaming.
        using var content = new StreamContent(new MemoryStream(big));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/uploads?kind=video&name=big.mp4") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var streamed = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, streamed.StatusCode);
        Assert.False(Directory.Exists(UploadDirectory) && Directory.GetFiles(UploadDirectory, "*.part").Length > 0);
    }

    [Fact]
    public async Task Upload_content_is_an_attachment_with_ranges()
    {
        var id = await _client.UploadIdAsync("video", "talk.mp4", Media.Video);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/uploads/{id}/content");
        request.Headers.Range = new RangeHeaderValue(0, 9);
        using var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Janitor_deletes_uploads_older_than_the_cutoff_and_keeps_newer_ones()
    {
        var id = await _client.UploadIdAsync("video", "talk.mp4", Media.Video);
        var janitor = _factory.Services.GetRequiredService<Mouthpiece.Web.Uploads.UploadJanitor>();
        Assert.Equal(0, await janitor.SweepAsync(DateTimeOffset.UtcNow.AddMinutes(-1), CancellationToken.None));
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/api/uploads/{id}")).StatusCode);
        Assert.Equal(1, await janitor.SweepAsync(DateTimeOffset.UtcNow.AddSeconds(1), CancellationToken.None));
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/uploads/{id}")).StatusCode);
        Assert.Empty(Directory.GetFiles(UploadDirectory));
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("")]
    public async Task Unknown_kind_is_400(string kind)
    {
        using var response = await _client.UploadAsync(kind, "talk.mp4", [1, 2, 3]);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
