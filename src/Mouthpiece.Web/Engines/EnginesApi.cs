using Microsoft.AspNetCore.Http.HttpResults;

namespace Mouthpiece.Web.Engines;

/// <summary><c>GET /api/engines</c>: what a submission may choose: the Wav2Lip models in the server's models folder, and the devices.</summary>
public static class EnginesApi
{
    /// <summary>The engines' choices; <c>Models</c> are names to send as <c>model</c>, <c>Device</c> the server's default.</summary>
    public sealed record EngineChoices(IReadOnlyList<string> Models, IReadOnlyList<string> Devices, string Device, string ModelsFolder);

    public static void MapEngines(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/engines", Choices).WithTags("Engines");

    private static Ok<EngineChoices> Choices(WebAppOptions options)
    {
        var folder = options.Data.Models;
        var models = Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*.onnx").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList()
            : [];
        var device = (options.Device ?? Devices.ComputeDevice.Auto).ToString().ToLowerInvariant();
        return TypedResults.Ok(new EngineChoices(models, ["auto", "cpu", "gpu"], device, folder));
    }
}
