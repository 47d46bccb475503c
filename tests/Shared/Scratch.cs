
namespace Mouthpiece.Tests;

/// <summary>A temporary folder for one test class, deleted afterwards, with a way to make media in it.</summary>
public sealed class Scratch : IDisposable
{
    public Scratch()
    {
        Root = Directory.CreateTempSubdirectory("mouthpiece-test-").FullName;
    }

    public string Root { get; }

    public string File(string name) => Path.Combine(Root, name);

    public string Write(string name, byte[] content)
    {
        var path = File(name);
        System.IO.File.WriteAllBytes(path, content);
        return path;
    }

    public string WriteText(string name, string content)
    {
        var path = File(name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Runs the real ffmpeg to make a fixture; a failure here is a broken test set-up.</summary>
    public string Ffmpeg(string outputName, params string[] arguments)
    {
        var output = File(outputName);
        Tool.Run("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", .. arguments, output]);
        return output;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
