using System.Buffers.Binary;
using Mouthpiece.Media;

namespace Mouthpiece.Speech;

/// <summary>Writes mono 16-bit PCM as a RIFF WAVE file, the format every tool (and ffmpeg) reads.</summary>
public static class WaveFile
{
    private const int HeaderBytes = 44;

    /// <summary>Writes through <c>PATH.partial</c>, so the file is complete or absent.</summary>
    public static Task WriteAsync(string path, ReadOnlyMemory<short> samples, int sampleRate, CancellationToken cancellationToken = default) =>
        OutputFile.WriteAsync(path, partial => File.WriteAllBytesAsync(partial, Encode(samples.Span, sampleRate), cancellationToken), cancellationToken);

    public static byte[] Encode(ReadOnlySpan<short> samples, int sampleRate)
    {
        var dataBytes = samples.Length * 2;
        var bytes = new byte[HeaderBytes + dataBytes];
        var span = bytes.AsSpan();
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], 36 + dataBytes);
        "WAVEfmt "u8.CopyTo(span[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(span[20..], 1);
        BinaryPrimitives.WriteInt16LittleEndian(span[22..], 1);
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(span[28..], sampleRate * 2);
        BinaryPrimitives.WriteInt16LittleEndian(span[32..], 2);
        BinaryPrimitives.WriteInt16LittleEndian(span[34..], 16);
        "data"u8.CopyTo(span[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[40..], dataBytes);
        for (var i = 0; i < samples.Length; i++)
            BinaryPrimitives.WriteInt16LittleEndian(span[(HeaderBytes + 2 * i)..], samples[i]);
        return bytes;
    }
}
