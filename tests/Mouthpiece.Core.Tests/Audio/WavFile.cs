using System.Buffers.Binary;

namespace Mouthpiece.Core.Tests.Audio;

/// <summary>Reads the 16-bit PCM, 16 kHz mono WAV files kept in tests/data/audio.</summary>
internal static class WavFile
{
    public static float[] ReadMono16k(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 12 || !Tag(bytes, 0, "RIFF") || !Tag(bytes, 8, "WAVE"))
            throw new InvalidDataException(path + " is not a RIFF/WAVE file");
        var format = FindChunk(bytes, "fmt ", path);
        var channels = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(format.Offset + 2));
        var rate = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(format.Offset + 4));
        var bits = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(format.Offset + 14));
        if (channels != 1 || rate != 16000 || bits != 16)
            throw new InvalidDataException($"{path}: expected 16-bit 16 kHz mono, got {bits}-bit {rate} Hz x{channels}");
        var data = FindChunk(bytes, "data", path);
        var samples = new float[data.Length / 2];
        for (var i = 0; i < samples.Length; i++)
            samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(data.Offset + (2 * i))) / 32768f;
        return samples;
    }

    private static (int Offset, int Length) FindChunk(byte[] bytes, string id, string path)
    {
        for (var at = 12; at + 8 <= bytes.Length;)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at + 4));
            if (Tag(bytes, at, id))
                return (at + 8, Math.Min(length, bytes.Length - at - 8));
            at += 8 + length + (length & 1);
        }
        throw new InvalidDataException($"{path} has no '{id}' chunk");
    }

    private static bool Tag(byte[] bytes, int at, string tag) =>
        System.Text.Encoding.ASCII.GetString(bytes, at, 4) == tag;
}
