using System.Globalization;
using Mouthpiece.Media;

namespace Mouthpiece.Core.Tests.Faces.Detection;

// Frames for detector tests: JPEG fixtures from tests/data/faces decoded to yuv420p by ffmpeg, and synthetic ones.
internal static class FaceFrames
{
    public static VideoFrame Load(string fileName)
    {
        var path = TestData.File("faces", fileName);
        var size = Tool.Run("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height", "-of", "csv=p=0", path]);
        var parts = System.Text.Encoding.ASCII.GetString(size).Trim().Split(',');
        var frame = new VideoFrame(int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
        var pixels = Tool.Run("ffmpeg", ["-v", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", "yuv420p", "-"]);
        Assert.Equal(frame.Buffer.Length, pixels.Length);
        pixels.CopyTo(frame.Buffer, 0);
        return frame;
    }

    public static VideoFrame Grey(int width, int height)
    {
        var frame = new VideoFrame(width, height);
        frame.Buffer.AsSpan().Fill(128);
        return frame;
    }

    public static VideoFrame Noise(int width, int height, int seed)
    {
        var frame = new VideoFrame(width, height);
        new Random(seed).NextBytes(frame.Buffer);
        return frame;
    }
}
