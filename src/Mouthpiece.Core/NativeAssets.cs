namespace Mouthpiece;

/// <summary>
/// Finds the model files that the set-up scripts unpack into <c>.deps/</c>. <c>MOUTHPIECE_DEPS</c> overrides; otherwise the nearest <c>.deps</c> folder
/// above the running assembly is used, which covers the CLI, the web app, tests and benchmarks.
/// </summary>
public static class NativeAssets
{
    public const string EnvironmentVariable = "MOUTHPIECE_DEPS";

    public static string BlazeFaceBackModel => Path.Combine(DepsRoot, "blazeface", "face_detection_back_256x256_barracuda.onnx");

    public static string BlazeFaceFrontModel => Path.Combine(DepsRoot, "blazeface", "face_detection_front_128x128_barracuda.onnx");

    /// <summary>dlib's 68-point shape predictor, installed by Debian's <c>libdlib-data</c>.</summary>
    public static string LandmarkModel =>
        Environment.GetEnvironmentVariable("MOUTHPIECE_LANDMARK_MODEL")
        ?? "/usr/share/dlib/shape_predictor_68_face_landmarks.dat";

    public static string DepsRoot { get; } = FindDepsRoot();

    private static string FindDepsRoot()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(configured))
            return Path.GetFullPath(configured);

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ".deps");
            if (Directory.Exists(candidate))
                return candidate;
        }
        return Path.Combine(Directory.GetCurrentDirectory(), ".deps");
    }
}
