using Microsoft.ML.OnnxRuntime;
using Mouthpiece.Devices;
using Mouthpiece.Media;
using Mouthpiece.Speech;
using Mouthpiece.Subtitles;

namespace Mouthpiece.Diagnostics;

/// <summary>One check of the machine: what was found, and if it is wrong, how to fix it.</summary>
public sealed record CheckResult(string Name, bool Ok, string Detail, string? Fix = null, bool Required = true);

/// <summary>Checks what Mouthpiece needs from the machine (<c>mouthpiece doctor</c>, the System page).</summary>
public static class EnvironmentChecks
{
    private const string SetupFix = "run ./start_app.sh or ./test.sh, which install it";
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(15);
    private const long MinFreeDiskBytes = 2L * 1024 * 1024 * 1024;
    private static readonly string[] RequiredEncoders = ["libx264", "aac"];

    public static async Task<IReadOnlyList<CheckResult>> RunAllAsync(DataDirectory data, CancellationToken cancellationToken = default)
    {
        var results = new List<CheckResult>
        {
            await ToolVersionAsync(Ffmpeg.FfmpegTool, cancellationToken),
            await ToolVersionAsync(Ffmpeg.FfprobeTool, cancellationToken),
            await EncodersAsync(cancellationToken),
            OnnxRuntime(),
            ModelFile("face detector model", NativeAssets.BlazeFaceBackModel, SetupFix),
            ModelFile("landmark model", NativeAssets.LandmarkModel, "apt-get install libdlib-data (./start_app.sh does it)"),
            BuiltInVoices(),
            ModelFile("subtitle font", Path.Combine(AssScript.FontDirectory, "wqy-zenhei.ttc"), "apt-get install fonts-wqy-zenhei (./start_app.sh does it)"),
            FreeDisk(data),
            new("CPU cores", true, $"{Environment.ProcessorCount} cores", Required: false),
            await GpuAsync(cancellationToken),
        };
        // Not needed (renders fall back to the CPU), but --device gpu needs all three and auto uses each that passes.
        foreach (var check in await GpuChecks.RunAllAsync(cancellationToken))
            results.Add(new(check.Name, check.Ok, check.Detail, check.Ok ? null : check.Fix, Required: false));
        return results;
    }

    private static async Task<CheckResult> ToolVersionAsync(string tool, CancellationToken cancellationToken)
    {
        try
        {
            var (exitCode, output, _) = await Ffmpeg.CaptureAsync(tool, ["-hide_banner", "-version"], ToolTimeout, cancellationToken);
            var firstLine = output.Split('\n')[0].Trim();
            return new(tool, exitCode == 0, firstLine, exitCode == 0 ? null : "reinstall ffmpeg: apt-get install --reinstall ffmpeg");
        }
        catch (InvalidOperationException)
        {
            return new(tool, false, "not found", "apt-get install ffmpeg (./start_app.sh does it)");
        }
    }

    private static async Task<CheckResult> EncodersAsync(CancellationToken cancellationToken)
    {
        const string name = "encoders";
        try
        {
            var (_, output, _) = await Ffmpeg.CaptureAsync(Ffmpeg.FfmpegTool, ["-hide_banner", "-encoders"], ToolTimeout, cancellationToken);
            var missing = RequiredEncoders.Where(e => !output.Contains($" {e} ", StringComparison.Ordinal)).ToList();
            return missing.Count == 0
                ? new(name, true, "libx264 and aac available")
                : new(name, false, "missing: " + string.Join(", ", missing), "install Debian's ffmpeg, which includes them");
        }
        catch (InvalidOperationException)
        {
            return new(name, false, "ffmpeg not found", "apt-get install ffmpeg");
        }
    }

    private static CheckResult OnnxRuntime()
    {
        const string name = "ONNX Runtime";
        try
        {
            return new(name, true, OrtEnv.Instance().GetVersionString());
        }
        catch (Exception error) when (error is DllNotFoundException or TypeInitializationException or OnnxRuntimeException)
        {
            // The native library ships in the NuGet package, beside the program under runtimes/.
            return new(name, false, $"the native library does not load: {error.GetBaseException().Message}",
                "rebuild with dotnet build (./start_app.sh does it) so runtimes/linux-x64/native/ sits beside the program");
        }
    }

    /// <summary>espeak-ng, loaded in-process, with its Mandarin and English voices.</summary>
    private static CheckResult BuiltInVoices()
    {
        const string name = "voices (espeak-ng)";
        try
        {
            var voices = Voices.List();
            var missing = new[] { Voices.Mandarin, Voices.English }.Where(v => voices.All(voice => voice.Name != v)).ToList();
            return missing.Count == 0
                ? new(name, true, $"{voices.Count} voices, {Voices.Mandarin} and {Voices.English} among them")
                : new(name, false, "missing: " + string.Join(", ", missing), "apt-get install --reinstall espeak-ng-data");
        }
        catch (TextToSpeechException e)
        {
            return new(name, false, e.Message, "apt-get install libespeak-ng1 espeak-ng-data (./start_app.sh does it)");
        }
    }

    private static CheckResult ModelFile(string name, string path, string fix)
    {
        var file = new FileInfo(path);
        return file.Exists && file.Length > 0
            ? new(name, true, $"{path} ({file.Length / 1024 / 1024.0:0.#} MB)")
            : new(name, false, $"{path} is missing", fix);
    }

    private static CheckResult FreeDisk(DataDirectory data)
    {
        var existing = new DirectoryInfo(data.Root);
        while (existing is { Exists: false })
            existing = existing.Parent;
        var drive = new DriveInfo((existing ?? new DirectoryInfo("/")).FullName);
        var free = drive.AvailableFreeSpace;
        var detail = $"{free / 1e9:0.#} GB free for {data.Root}";
        return free >= MinFreeDiskBytes
            ? new("disk", true, detail)
            : new("disk", false, detail, "free some space or choose another --data directory");
    }

    private static async Task<CheckResult> GpuAsync(CancellationToken cancellationToken)
    {
        const string name = "GPU";
        try
        {
            var (exitCode, output, _) = await Ffmpeg.CaptureAsync(
                "nvidia-smi", ["--query-gpu=name,memory.total", "--format=csv,noheader"], ToolTimeout, cancellationToken);
            return new(name, exitCode == 0, exitCode == 0 ? output.Trim() : "nvidia-smi failed", Required: false);
        }
        catch (InvalidOperationException)
        {
            return new(name, true, "none (not needed: Mouthpiece runs on the CPU)", Required: false);
        }
    }
}
