using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Mouthpiece.Web.Tests.Api;

/// <summary>Choosing the engine and device through the API: models by name from the models folder, refused at submission when they do not fit.</summary>
public sealed class EngineChoiceTests : ApiTest, IClassFixture<Scratch>
{
    private readonly Scratch _scratch;

    public EngineChoiceTests(Scratch scratch)
        : base(("Workers", "1"), ("Device", "cpu"))
    {
        _scratch = scratch;
        var models = Directory.CreateDirectory(Path.Combine(Factory.DataRoot, "models")).FullName;
        TinyOnnxModels.WriteWav2Lip(Path.Combine(models, "tiny.onnx"));
        TinyOnnxModels.WriteWav2Lip(Path.Combine(models, "big-faces.onnx"), faceSize: 128);
    }

    private async Task<HttpResponseMessage> SubmitAsync(object choices)
    {
        var audio = await Client.UploadIdAsync("audio", "speech.wav", Media.ShortSpeech(_scratch));
        var video = await Client.UploadIdAsync("video", "talk.mp4", Media.Video);
        var body = JsonSerializer.SerializeToElement(choices);
        var request = new Dictionary<string, JsonElement>(body.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value)))
        {
            ["audio"] = JsonSerializer.SerializeToElement(audio),
            ["video"] = JsonSerializer.SerializeToElement(video),
        };
        return await Client.PostAsJsonAsync("/api/jobs", request);
    }

    [Fact]
    public async Task Engines_lists_the_models_folder_and_the_servers_device()
    {
        var choices = await Client.JsonAsync("/api/engines");

        Assert.Equal(["big-faces.onnx", "tiny.onnx"], choices.GetProperty("models").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("cpu", choices.GetProperty("device").GetString());
    }

    [Fact]
    public async Task A_wav2lip_render_with_a_model_from_the_folder_runs_to_the_end()
    {
        using var response = await SubmitAsync(new { engine = "wav2lip", model = "tiny.onnx", device = "cpu" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var job = await Client.WaitFinalAsync(id);
        Assert.True(job.GetProperty("state").GetString() == "done", job.ToString());
        var stored = await Factory.Jobs.Store.GetAsync(id);
        Assert.Equal("wav2lip", stored!.Options.Engine);
        Assert.Equal("cpu", stored.Options.Device);
    }

    [Fact]
    public async Task A_model_of_the_wrong_shape_is_refused_with_422_naming_what_does_not_fit()
    {
        using var response = await SubmitAsync(new { model = "big-faces.onnx" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("big-faces.onnx: does not fit Wav2Lip's contract: no input is a face batch [B,6,96,96]", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("upload.unusable", problem.GetProperty("code").GetString());
        Assert.Empty(await Factory.Jobs.Store.ListAsync(null));
    }

    [Theory]
    [InlineData("../jobs.db")]
    [InlineData("absent.onnx")]
    public async Task A_model_outside_the_folder_or_missing_is_404(string model)
    {
        using var response = await SubmitAsync(new { model });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_device_is_400_naming_the_choices()
    {
        using var response = await SubmitAsync(new { device = "tpu" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("choose auto, cpu or gpu", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_system_view_shows_the_device_setting_and_each_gpu_check()
    {
        var devices = (await Client.JsonAsync("/api/system")).GetProperty("devices");

        Assert.Equal("cpu", devices.GetProperty("setting").GetString());
        Assert.Equal(["NVENC encode", "CUDA decode", "CUDA inference"], devices.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
    }
}
