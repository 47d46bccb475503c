using System.Numerics;
using System.Text;
using System.Text.Json;
using Mouthpiece.Faces;

namespace Mouthpiece.Core.Tests.Faces.Landmarks;

/// <summary>
/// A fixture made by tools/dlib-golden: a grayscale PGM, the dlib rectangle it was given, dlib's own
/// rounded points and the exact points before dlib's rounding.
/// </summary>
internal sealed record GoldenFace(string Name, byte[] Pixels, int Width, int Height, FaceBox Box, Vector2[] DlibPoints, Vector2[] ExactPoints)
{
    public static readonly string[] Names = ["astronaut", "talking", "woman", "landscape"];

    public static GoldenFace Load(string name)
    {
        var (pixels, width, height) = ReadPgm(TestData.File("landmarks", name + ".pgm"));
        using var json = JsonDocument.Parse(File.ReadAllBytes(TestData.File("landmarks", name + ".json")));
        var root = json.RootElement;
        var box = root.GetProperty("box");
        int left = box.GetProperty("left").GetInt32(), top = box.GetProperty("top").GetInt32();
        int right = box.GetProperty("right").GetInt32(), bottom = box.GetProperty("bottom").GetInt32();
        // dlib rectangles are inclusive: width = right - left + 1.
        var faceBox = new FaceBox(left, top, right - left + 1, bottom - top + 1, 1);
        return new GoldenFace(name, pixels, width, height, faceBox, Points(root.GetProperty("points")), Points(root.GetProperty("exact")));
    }

    /// <summary>dlib's exact points for the same crop given as RGB (name.rgb.json), which dlib reads as the mean of R, G, B.</summary>
    public static Vector2[] LoadExactPointsFromRgb(string name)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(TestData.File("landmarks", name + ".rgb.json")));
        return Points(json.RootElement.GetProperty("exact"));
    }

    private static Vector2[] Points(JsonElement array) =>
        array.EnumerateArray().Select(p => new Vector2(p[0].GetSingle(), p[1].GetSingle())).ToArray();

    // Binary 8-bit PGM as ffmpeg writes it: "P5\n<w> <h>\n255\n" then the rows.
    private static (byte[] Pixels, int Width, int Height) ReadPgm(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var fields = new List<string>();
        var position = 0;
        while (fields.Count < 4)
        {
            while (char.IsWhiteSpace((char)bytes[position]))
                position++;
            var start = position;
            while (!char.IsWhiteSpace((char)bytes[position]))
                position++;
            fields.Add(Encoding.ASCII.GetString(bytes, start, position - start));
        }
        Assert.Equal(["P5", "255"], new[] { fields[0], fields[3] });
        int width = int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
        int height = int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture);
        return (bytes[(position + 1)..], width, height);
    }
}
