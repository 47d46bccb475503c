using System.Buffers.Binary;

namespace Mouthpiece.Core.Tests.Media;

/// <summary>Rewrites MP4 files the way other tools lay them out, for tests of what Mouthpiece accepts.</summary>
internal static class IsoBoxes
{
    private static readonly byte[] FreeBox = [0, 0, 0, 8, (byte)'f', (byte)'r', (byte)'e', (byte)'e'];

    private static readonly string[] Containers = ["moov", "trak", "mdia", "minf", "stbl"];

    /// <summary>
    /// The same movie with an empty <c>free</c> box before everything else, as some cameras and editors write it.
    /// With <paramref name="keepOffsets"/> the sample offsets are left pointing 8 bytes short: a damaged file.
    /// </summary>
    public static byte[] WithFreeBoxFirst(byte[] mp4, bool keepOffsets = false)
    {
        var shifted = (byte[])mp4.Clone();
        if (!keepOffsets)
            ShiftChunkOffsets(shifted, 0, shifted.Length, FreeBox.Length);
        return [.. FreeBox, .. shifted];
    }

    private static void ShiftChunkOffsets(Span<byte> file, int start, int end, int shift)
    {
        for (var at = start; at + 8 <= end;)
        {
            var size = (int)BinaryPrimitives.ReadUInt32BigEndian(file[at..]);
            var type = System.Text.Encoding.ASCII.GetString(file.Slice(at + 4, 4));
            if (size < 8)
                throw new InvalidDataException($"box {type} at {at} has no plain 32-bit size");
            if (Containers.Contains(type))
                ShiftChunkOffsets(file, at + 8, at + size, shift);
            else if (type == "stco")
                ShiftEntries(file.Slice(at + 16, size - 16), 4, shift);
            else if (type == "co64")
                ShiftEntries(file.Slice(at + 16, size - 16), 8, shift);
            at += size;
        }
    }

    private static void ShiftEntries(Span<byte> entries, int width, int shift)
    {
        for (var i = 0; i + width <= entries.Length; i += width)
        {
            if (width == 4)
                BinaryPrimitives.WriteUInt32BigEndian(entries[i..], BinaryPrimitives.ReadUInt32BigEndian(entries[i..]) + (uint)shift);
            else
                BinaryPrimitives.WriteUInt64BigEndian(entries[i..], BinaryPrimitives.ReadUInt64BigEndian(entries[i..]) + (ulong)shift);
        }
    }
}
