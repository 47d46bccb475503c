using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Mouthpiece.Evaluation;

/// <summary>
/// Writes 8-bit RGB pictures as PNG (RFC 2083): signature, IHDR, one zlib-compressed IDAT, IEND.
/// Enough for charts; no image library is available to the project.
/// </summary>
internal static class PngEncoder
{
    public static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private const byte BitDepth = 8;
    private const byte ColorTypeRgb = 2;
    private const byte FilterNone = 0;

    /// <param name="rgb">Rows top to bottom, three bytes a pixel, no padding.</param>
    public static void Write(Stream output, int width, int height, ReadOnlySpan<byte> rgb)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (rgb.Length != checked(3 * width * height))
            throw new ArgumentException($"a {width}x{height} RGB picture has {3 * width * height} bytes, not {rgb.Length}", nameof(rgb));

        output.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = BitDepth;
        header[9] = ColorTypeRgb;
        // Bytes 10–12: deflate compression, adaptive filtering, no interlace; all 0.
        WriteChunk(output, "IHDR", header);
        WriteChunk(output, "IDAT", Compress(width, height, rgb));
        WriteChunk(output, "IEND", []);
    }

    private static byte[] Compress(int width, int height, ReadOnlySpan<byte> rgb)
    {
        var rowBytes = 3 * width;
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            // Each scanline starts with its filter type. Charts are mostly flat colour, which deflate
            // already squeezes to almost nothing, so the rows go unfiltered.
            for (var row = 0; row < height; row++)
            {
                zlib.WriteByte(FilterNone);
                zlib.Write(rgb.Slice(row * rowBytes, rowBytes));
            }
        }
        return compressed.ToArray();
    }

    private static void WriteChunk(Stream output, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> field = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(field, data.Length);
        output.Write(field);

        Span<byte> typeBytes = stackalloc byte[4];
        Encoding.ASCII.GetBytes(type, typeBytes);
        output.Write(typeBytes);
        output.Write(data);

        // The CRC covers the type and the data, not the length.
        var crc = Crc32.Append(Crc32.Initial, typeBytes);
        crc = Crc32.Append(crc, data);
        BinaryPrimitives.WriteUInt32BigEndian(field, Crc32.Finish(crc));
        output.Write(field);
    }
}

/// <summary>
/// The CRC-32 of PNG and zlib (ISO-HDLC, reflected polynomial 0xEDB88320), table-driven.
/// <c>System.IO.Hashing</c> has one, but it is a package outside the framework.
/// </summary>
internal static class Crc32
{
    public const uint Initial = 0xFFFFFFFF;

    private static readonly uint[] Table = BuildTable();

    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (var value in data)
            crc = Table[(crc ^ value) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    public static uint Finish(uint crc) => crc ^ 0xFFFFFFFF;

    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Append(Initial, data));

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < table.Length; n++)
        {
            var c = n;
            for (var bit = 0; bit < 8; bit++)
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
