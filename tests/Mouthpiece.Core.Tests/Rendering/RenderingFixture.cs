using System.Numerics;
using System.Text.Json;
using Mouthpiece.Faces;
using Mouthpiece.Media;
using Mouthpiece.Rendering;

namespace Mouthpiece.Core.Tests.Rendering;

/// <summary>A real frame from tests/data/rendering with the landmarks dlib found in it.</summary>
internal sealed record RenderingFixture(VideoFrame Frame, FaceLandmarks Landmarks)
{
    public const string ManClosed = "man-closed-512x480";
    public const string ManOpen = "man-open-512x480";
    public const string WomanOpen = "woman-open-512x512";

    public static RenderingFixture Load(string name)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(TestData.File("rendering", name + ".landmarks.json")));
        var root = json.RootElement;
        var frame = new VideoFrame(root.GetProperty("width").GetInt32(), root.GetProperty("height").GetInt32());
        var bytes = File.ReadAllBytes(TestData.File("rendering", name + ".yuv"));
        Assert.Equal(frame.Buffer.Length, bytes.Length);
        bytes.CopyTo(frame.Buffer, 0);
        var points = root.GetProperty("points").EnumerateArray()
            .Select(p => new Vector2(p[0].GetSingle(), p[1].GetSingle()))
            .ToArray();
        return new RenderingFixture(frame, new FaceLandmarks(points));
    }

    public VideoFrame CopyOfFrame()
    {
        var copy = new VideoFrame(Frame.Width, Frame.Height);
        Frame.CopyTo(copy);
        return copy;
    }
}

/// <summary>Measurements on frames and landmark polygons that the renderer tests assert on.</summary>
internal static class FrameMeasures
{
    public static void AssertUnchangedOutside(ReadOnlySpan<byte> before, ReadOnlySpan<byte> after, int width, PixelRect box)
    {
        for (var i = 0; i < before.Length; i++)
        {
            if (!box.Contains(i % width, i / width) && before[i] != after[i])
                Assert.Fail($"pixel ({i % width}, {i / width}) outside {box} changed");
        }
    }

    public static IEnumerable<(int X, int Y)> BorderRing(PixelRect box, int depth)
    {
        for (var y = box.Top; y < box.Bottom; y++)
        {
            for (var x = box.Left; x < box.Right; x++)
            {
                var fromEdge = Math.Min(Math.Min(x - box.Left, box.Right - 1 - x), Math.Min(y - box.Top, box.Bottom - 1 - y));
                if (fromEdge < depth)
                    yield return (x, y);
            }
        }
    }

    public static double Psnr(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        double squared = 0;
        for (var i = 0; i < a.Length; i++)
            squared += (a[i] - b[i]) * (a[i] - b[i]);
        var mse = squared / a.Length;
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / mse);
    }

    /// <summary>Luma pixels inside the inner-lip polygon (landmarks 60–67).</summary>
    public static List<(int X, int Y)> InsideInnerLips(FaceLandmarks face)
    {
        var polygon = face.Points[60..68];
        var min = polygon.Aggregate(Vector2.Min);
        var max = polygon.Aggregate(Vector2.Max);
        var inside = new List<(int, int)>();
        for (var y = (int)min.Y; y <= (int)max.Y + 1; y++)
        {
            for (var x = (int)min.X; x <= (int)max.X + 1; x++)
            {
                if (Contains(polygon, new Vector2(x, y)))
                    inside.Add((x, y));
            }
        }
        return inside;
    }

    public static bool Contains(ReadOnlySpan<Vector2> polygon, Vector2 point)
    {
        var inside = false;
        for (int i = 0, j = polygon.Length - 1; i < polygon.Length; j = i++)
        {
            var (a, b) = (polygon[i], polygon[j]);
            if ((a.Y > point.Y) != (b.Y > point.Y) && point.X < (b.X - a.X) * (point.Y - a.Y) / (b.Y - a.Y) + a.X)
                inside = !inside;
        }
        return inside;
    }

    public static double MeanLuma(VideoFrame frame, IEnumerable<(int X, int Y)> pixels) =>
        pixels.Select(p => (double)frame.Y[p.Y * frame.Width + p.X]).DefaultIfEmpty(0).Average();

    public static int CountDark(VideoFrame frame, IEnumerable<(int X, int Y)> pixels, byte below) =>
        pixels.Count(p => frame.Y[p.Y * frame.Width + p.X] < below);
}
