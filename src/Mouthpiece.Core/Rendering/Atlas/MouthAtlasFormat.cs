using System.Numerics;
using System.Security.Cryptography;
using Mouthpiece.Faces;

namespace Mouthpiece.Rendering.Atlas;

/// <summary>
/// The binary form of a <see cref="MouthAtlas"/> and how much of the video it covers, little-endian:
/// <c>"MPMA"</c>, version (u16), analysed frames (i32), whole video (u8), per frame a presence byte and 7 floats of
/// <see cref="MouthState"/>, sample count (i32), per sample its frame (i64), 68 points, box (4 × i32), state and
/// compressed pixels (length-prefixed), and last the SHA-256 of everything before it, so a torn or altered file
/// is refused rather than drawn.
/// </summary>
public static class MouthAtlasFormat
{
    /// <summary>
    /// 3: samples packed with LZ4, not Brotli. 2: lips and jaw from the unsmoothed landmarks (version 1 labelled
    /// fast-moving mouths by lagging ones). Atlases of an older version are re-analysed.
    /// </summary>
    public const ushort Version = 3;
    private const int MaxFrames = 60 * 60 * 60 * 10;
    private const int MaxSamples = 4096;
    private static ReadOnlySpan<byte> Magic => "MPMA"u8;

    public static byte[] Serialize(MouthAtlas atlas, bool wholeVideo)
    {
        ArgumentNullException.ThrowIfNull(atlas);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write(atlas.States.Count);
            writer.Write(wholeVideo);
            foreach (var state in atlas.States)
            {
                writer.Write(state.HasValue);
                WriteState(writer, state ?? default);
            }
            writer.Write(atlas.Samples.Count);
            foreach (var sample in atlas.Samples)
            {
                writer.Write(sample.FrameIndex);
                foreach (var point in sample.Landmarks)
                {
                    writer.Write(point.X);
                    writer.Write(point.Y);
                }
                writer.Write(sample.Box.Left);
                writer.Write(sample.Box.Top);
                writer.Write(sample.Box.Width);
                writer.Write(sample.Box.Height);
                WriteState(writer, sample.State);
                writer.Write(sample.Compressed.Length);
                writer.Write(sample.Compressed);
            }
        }
        var body = stream.ToArray();
        return [.. body, .. SHA256.HashData(body)];
    }

    /// <exception cref="InvalidDataException">Not an atlas this version wrote, truncated, or altered.</exception>
    public static (MouthAtlas Atlas, bool WholeVideo) Deserialize(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length < Magic.Length + 2 + SHA256.HashSizeInBytes || !bytes.AsSpan().StartsWith(Magic))
            throw new InvalidDataException("not a mouth atlas");
        var body = bytes.AsSpan(0, bytes.Length - SHA256.HashSizeInBytes);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(body.Length)))
            throw new InvalidDataException("mouth atlas checksum does not match: the file is truncated or damaged");
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, 0, body.Length));
            reader.ReadBytes(Magic.Length);
            if (reader.ReadUInt16() != Version)
                throw new InvalidDataException("mouth atlas of another format version");
            var frames = reader.ReadInt32();
            if (frames is < 0 or > MaxFrames)
                throw new InvalidDataException("mouth atlas header is corrupt");
            var wholeVideo = reader.ReadBoolean();
            var states = new MouthState?[frames];
            for (var i = 0; i < frames; i++)
            {
                var present = reader.ReadBoolean();
                var state = ReadState(reader);
                states[i] = present ? state : null;
            }
            var count = reader.ReadInt32();
            if (count is < 0 or > MaxSamples)
                throw new InvalidDataException("mouth atlas sample count is corrupt");
            var samples = new MouthSample[count];
            for (var s = 0; s < count; s++)
            {
                var frame = reader.ReadInt64();
                var points = new Vector2[FaceLandmarks.Count];
                for (var p = 0; p < points.Length; p++)
                    points[p] = new Vector2(reader.ReadSingle(), reader.ReadSingle());
                var box = new PixelRect(reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32());
                var state = ReadState(reader);
                var length = reader.ReadInt32();
                if (length < 0 || length > body.Length || box.Width is < 2 or > 8192 || box.Height is < 2 or > 8192)
                    throw new InvalidDataException("mouth atlas sample is corrupt");
                samples[s] = new MouthSample(frame, points, box, state, reader.ReadBytes(length));
            }
            return (new MouthAtlas(states, samples), wholeVideo);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("mouth atlas is shorter than its header says", e);
        }
    }

    private static void WriteState(BinaryWriter writer, MouthState state)
    {
        writer.Write(state.Aperture);
        writer.Write(state.Width);
        writer.Write(state.Yaw);
        writer.Write(state.Pitch);
        writer.Write(state.Roll);
        writer.Write(state.Teeth);
        writer.Write(state.Light);
    }

    private static MouthState ReadState(BinaryReader reader) => new(
        reader.ReadSingle(), reader.ReadSingle(), reader.ReadSingle(), reader.ReadSingle(), reader.ReadSingle(), reader.ReadSingle(), reader.ReadSingle());
}
