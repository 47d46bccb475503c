using Mouthpiece.Messages;

namespace Mouthpiece.Devices;

/// <summary>
/// Where a render runs. <see cref="Auto"/> (the default) uses each GPU path whose real check passes on this
/// machine and the CPU for the rest; <see cref="Gpu"/> insists on the GPU and fails when a check fails;
/// <see cref="Cpu"/> never touches the GPU.
/// </summary>
public enum ComputeDevice
{
    Auto,
    Cpu,
    Gpu,
}

public static class ComputeDevices
{
    /// <summary>The environment variable that sets the default for every command and the server.</summary>
    public const string EnvironmentVariable = "MOUTHPIECE_DEVICE";

    /// <summary>Reads "auto", "cpu" or "gpu" (any case); anything else is a <see cref="ProblemException"/> naming the choices.</summary>
    public static ComputeDevice Parse(string text) =>
        text.Trim().ToLowerInvariant() switch
        {
            "auto" => ComputeDevice.Auto,
            "cpu" => ComputeDevice.Cpu,
            "gpu" => ComputeDevice.Gpu,
            _ => throw new ProblemException(Codes.Engines.UnknownDevice(text)),
        };

    /// <summary>The command line's choice, else <c>MOUTHPIECE_DEVICE</c>, else auto.</summary>
    public static ComputeDevice Resolve(string? chosen) =>
        Parse(chosen ?? (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured ? configured : "auto"));

    public static string Name(this ComputeDevice device) => device.ToString().ToLowerInvariant();
}
