using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Mouthpiece.Evaluation;

namespace Mouthpiece.Core.Tests.Evaluation;

public sealed class PngTests : IClassFixture<Scratch>
{
    private readonly Scratch _scratch;

    public PngTests(Scratch scratch) => _scratch = scratch;

    [Fact]
    public void Crc32_matches_the_standard_check_value()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
        Assert.Equal(0xAE426082u, Crc32.Compute("IEND"u8));
    }

    [Fact]
    public void A_picture_is_a_well_formed_png_whose_pixels_come_back()
    {
        var pixels = Gradient(7, 3);
        var png = Encode(7, 3, pixels);

        Assert.True(png.AsSpan(0, 8).SequenceEqual(PngEncoder.Signature));
        var chunks = ReadChunks(png);
        Assert.Equal(["IHDR", "IDAT", "IEND"], chunks.Select(c => c.Type));
        var header = chunks[0].Data;
        Assert.Equal(7, BinaryPrimitives.ReadInt32BigEndian(header));
        Assert.Equal(3, BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4)));
        Assert.Equal([8, 2, 0, 0, 0], header[8..]);

        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(new MemoryStream(chunks[1].Data), CompressionMode.Decompress))
            zlib.CopyTo(inflated);
        var rows = inflated.ToArray();
        Assert.Equal(3 * (1 + 7 * 3), rows.Length);
        for (var row = 0; row < 3; row++)
        {
            Assert.Equal(0, rows[row * 22]);
            Assert.Equal(pixels.AsSpan(row * 21, 21).ToArray(), rows.AsSpan(row * 22 + 1, 21).ToArray());
        }
    }

    [Fact]
    public void Ffmpeg_decodes_our_png_to_the_same_pixels()
    {
        var pixels = Gradient(33, 17);
        var path = _scratch.Write("gradient.png", Encode(33, 17, pixels));

        Assert.Equal("png,33,17", Encoding.UTF8.GetString(Tool.Run("ffprobe", "-v", "error", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", path)).Trim());
        Assert.Equal(pixels, Tool.Run("ffmpeg", "-v", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", "rgb24", "-"));
    }

    [Fact]
    public void A_chart_is_a_small_png_that_ffmpeg_reads_and_shows_every_curve()
    {
        var wave = Enumerable.Range(0, 300).Select(i => Math.Sin(i / 10.0)).ToArray();
        var gappy = wave.Select((v, i) => i is > 100 and < 140 ? double.NaN : -v).ToArray();
        using var stream = new MemoryStream();

        ChartWriter.Write(stream, "Test clip.mp4  sync 0.50 at lag +2", 30, [new("first", wave), new("second", gappy)]);

        var path = _scratch.Write("chart.png", stream.ToArray());
        Assert.InRange(stream.Length, 1_000, 60_000);
        var rgb = Tool.Run("ffmpeg", "-v", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", "rgb24", "-");
        Assert.Equal(3 * ChartWriter.DefaultWidth * ChartWriter.DefaultHeight, rgb.Length);
        Assert.True(CountColour(rgb, 31, 119, 180) > 1000, "the first curve is drawn in blue");
        Assert.True(CountColour(rgb, 255, 127, 14) > 1000, "the second curve is drawn in orange");
    }

    [Fact]
    public void Curves_are_scaled_to_their_own_range_without_their_outliers()
    {
        var values = Enumerable.Range(0, 101).Select(i => (double)i).ToList();
        values[50] = 1e6;
        values[51] = double.NaN;

        var normalised = ChartWriter.Normalise(values);

        Assert.Equal(0, normalised[0], 2);
        Assert.Equal(1, normalised[50]);
        Assert.True(double.IsNaN(normalised[51]));
        Assert.InRange(normalised[100], 0.9, 1);
        Assert.Equal([0.5, 0.5, double.NaN], ChartWriter.Normalise([3, 3, double.NaN]));
    }

    [Theory]
    [InlineData(3, 800, 0.5)]
    [InlineData(20, 800, 5)]
    [InlineData(60, 800, 10)]
    [InlineData(3600, 800, 600)]
    public void Time_ticks_keep_their_labels_apart(double seconds, int width, double step)
    {
        Assert.Equal(step, ChartWriter.TickStep(seconds, width));
    }

    private static byte[] Encode(int width, int height, byte[] pixels)
    {
        using var stream = new MemoryStream();
        PngEncoder.Write(stream, width, height, pixels);
        return stream.ToArray();
    }

    private static byte[] Gradient(int width, int height) =>
        [.. Enumerable.Range(0, 3 * width * height).Select(i => (byte)(i * 37 % 256))];

    private static List<(string Type, byte[] Data)> ReadChunks(byte[] png)
    {
        var chunks = new List<(string, byte[])>();
        for (var position = 8; position < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(position));
            var typeAndData = png.AsSpan(position + 4, 4 + length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(position + 8 + length));
            Assert.Equal(Crc32.Compute(typeAndData), crc);
            chunks.Add((Encoding.ASCII.GetString(typeAndData[..4]), typeAndData[4..].ToArray()));
            position += 12 + length;
        }
        return chunks;
    }

    private static int CountColour(byte[] rgb, byte r, byte g, byte b)
    {
        var count = 0;
        for (var i = 0; i < rgb.Length; i += 3)
        {
            if (rgb[i] == r && rgb[i + 1] == g && rgb[i + 2] == b)
                count++;
        }
        return count;
    }
}
