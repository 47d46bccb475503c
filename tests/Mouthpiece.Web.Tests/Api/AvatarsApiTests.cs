using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Mouthpiece.Web.Tests.Api;

/// <summary>Avatars over HTTP, saved from real uploads.</summary>
public sealed class AvatarsApiTests(Scratch scratch) : ApiTest, IClassFixture<Scratch>
{
    [Fact]
    public async Task Save_list_show_thumbnail_and_delete()
    {
        var video = await Client.UploadIdAsync("video", "anna.mp4", Media.Video);

        using var saved = await Client.PostAsJsonAsync("/api/avatars", new { name = "Anna", video });

        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        var avatar = await saved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Anna", avatar.GetProperty("name").GetString());
        Assert.Equal("anna.mp4", avatar.GetProperty("originalName").GetString());
        Assert.Equal(1, avatar.GetProperty("faces").GetArrayLength());
        Assert.Equal(3.0, avatar.GetProperty("durationSeconds").GetDouble(), 0.1);
        Assert.DoesNotContain(Factory.DataRoot, avatar.GetRawText(), StringComparison.Ordinal);
        var listed = await Client.JsonAsync("/api/avatars");
        Assert.Equal("Anna", listed[0].GetProperty("name").GetString());
        var thumbnail = await Client.GetByteArrayAsync(avatar.GetProperty("thumbnail").GetString());
        Assert.Equal([0xFF, 0xD8], thumbnail[..2]);

        using var again = await Client.PostAsJsonAsync("/api/avatars", new { name = "Anna", video });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("avatar.exists", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        using var deleted = await Client.DeleteAsync("/api/avatars/Anna");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await Client.GetAsync("/api/avatars/Anna");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Jobs_batches_and_heygem_take_an_avatar_in_place_of_a_video()
    {
        var video = await Client.UploadIdAsync("video", "anna.mp4", Media.Video);
        using (var saved = await Client.PostAsJsonAsync("/api/avatars", new { name = "Anna", video }))
            Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        var audio = await Client.UploadIdAsync("audio", "line.wav", Media.ShortSpeech(scratch));

        using var single = await Client.PostAsJsonAsync("/api/jobs", new { audio, avatar = "Anna" });
        Assert.Equal(HttpStatusCode.Accepted, single.StatusCode);
        var job = await Client.WaitFinalAsync((await single.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        Assert.Equal("done", job.GetProperty("state").GetString());
        Assert.Equal("Anna+line.mp4", job.GetProperty("outputName").GetString());

        using var batch = await Client.PostAsJsonAsync("/api/batches", new { audios = new[] { audio }, avatar = "Anna" });
        Assert.Equal(HttpStatusCode.Accepted, batch.StatusCode);

        Directory.CreateDirectory(Path.Combine(Factory.Inbox, "temp"));
        File.Copy(Media.ShortSpeech(scratch), Path.Combine(Factory.Inbox, "temp", "line.wav"));
        using var heygem = await Client.PostAsJsonAsync("/easy/submit", new { audio_url = "line.wav", avatar = "Anna", code = "from-avatar" });
        Assert.Equal(10000, (await heygem.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetInt32());

        using var both = await Client.PostAsJsonAsync("/api/jobs", new { audio, video, avatar = "Anna" });
        Assert.Equal("avatar.video_or_avatar", (await both.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        using var unknown = await Client.PostAsJsonAsync("/api/jobs", new { audio, avatar = "Nobody" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("avatar.not_found", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("../../etc", "avatar.bad_name", HttpStatusCode.BadRequest)]
    [InlineData("ok name", "upload.not_found", HttpStatusCode.NotFound)]
    public async Task Bad_names_and_unknown_uploads_are_refused(string name, string code, HttpStatusCode status)
    {
        using var response = await Client.PostAsJsonAsync("/api/avatars", new { name, video = "no-such-upload" });

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(0, (await Client.JsonAsync("/api/avatars")).GetArrayLength());
    }

    [Fact]
    public async Task A_face_index_beyond_the_faces_found_is_a_problem_in_the_users_language()
    {
        var video = await Client.UploadIdAsync("video", "anna.mp4", Media.Video);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/avatars") { Content = JsonContent.Create(new { name = "x", video, faceIndex = 4 }) };
        request.Headers.AcceptLanguage.ParseAdd("zh-CN");

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("upload.unusable", problem.GetProperty("code").GetString());
        Assert.Contains("anna.mp4", problem.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
