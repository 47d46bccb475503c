using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

namespace Mouthpiece.Faces.Tracking;

/// <summary>
/// The binary form of a <see cref="FaceTrack"/>, little-endian:
/// <c>"MPFT"</c>, format version (u16), points per face (u16, 68), frame count (i32), frames per second (f64),
/// one presence bit per frame (bit i%8 of byte i/8), then for each frame with a face its points as
/// float32 x, y pairs, and last the SHA-256 of everything before it, so a torn or altered file is refused
/// rather than read as a wrong face. About 0.5 KB per frame with a face.
/// </summary>
public static class FaceTrackFormat
{
    public const ushort Version = 1;

    // Ten hours at 60 fps: a bound on the header's count, so a corrupt one cannot ask for gigabytes.
    private const int MaxFrames = 60 * 60 * 60 * 10;
    private const int HeaderBytes = 4 + 2 + 2 + 4 + 8;
    private const int FaceBytes = FaceLandmarks.Count * 2 * sizeof(float);
    private static ReadOnlySpan<byte> Magic => "MPFT"u8;

    public static byte[] Serialize(FaceTrack track)
    {
        ArgumentNullException.ThrowIfNull(track);
        var presenceBytes = (track.FrameCount + 7) / 8;
        var bytes = new byte[HeaderBytes + presenceBytes + track.FramesWithFace * FaceBytes + SHA256.HashSizeInBytes];
        var span = bytes.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], Version);
        BinaryPrimitives.WriteUInt16LittleEndian(span[6..], FaceLandmarks.Count);
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], track.FrameCount);
        BinaryPrimitives.WriteDoubleLittleEndian(span[12..], track.FramesPerSecond);

        var presence = span.Slice(HeaderBytes, presenceBytes);
        var points = span[(HeaderBytes + presenceBytes)..^SHA256.HashSizeInBytes];
        for (var frame = 0; frame < track.FrameCount; frame++)
        {
            if (track[frame] is not { } landmarks)
                continue;
            presence[frame / 8] |= (byte)(1 << (frame % 8));
            WritePoints(landmarks, points[..FaceBytes]);
            points = points[FaceBytes..];
        }
        SHA256.HashData(span[..^SHA256.HashSizeInBytes], span[^SHA256.HashSizeInBytes..]);
        return bytes;
    }

    /// <exception cref="InvalidDataException">Not a face track this version wrote, truncated, or altered.</exception>
    public static FaceTrack Deserialize(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderBytes + SHA256.HashSizeInBytes || !bytes.StartsWith(Magic))
            throw new InvalidDataException("not a face track");
        var version = BinaryPrimitives.ReadUInt16LittleEndian(bytes[4..]);
        var pointCount = BinaryPrimitives.ReadUInt16LittleEndian(bytes[6..]);
        var frameCount = BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]);
        var framesPerSecond = BinaryPrimitives.ReadDoubleLittleEndian(bytes[12..]);
        if (version != Version || pointCount != FaceLandmarks.Count)
            throw new InvalidDataException($"face track format {version} with {pointCount} points; this build reads format {Version} with {FaceLandmarks.Count}");
        if (frameCount is < 0 or > MaxFrames || !(framesPerSecond > 0) || !double.IsFinite(framesPerSecond))
            throw new InvalidDataException($"face track header is corrupt ({frameCount} frames at {framesPerSecond} fps)");
        VerifyChecksum(bytes);

        var presenceBytes = (frameCount + 7) / 8;
        if (bytes.Length < HeaderBytes + presenceBytes + SHA256.HashSizeInBytes)
            throw new InvalidDataException("face track is shorter than its header says");
        var presence = bytes.Slice(HeaderBytes, presenceBytes);
        var points = bytes[(HeaderBytes + presenceBytes)..^SHA256.HashSizeInBytes];
        if (points.Length != CountPresent(presence, frameCount) * FaceBytes)
            throw new InvalidDataException("face track length does not match its header");

        var frames = new FaceLandmarks?[frameCount];
        for (var frame = 0; frame < frameCount; frame++)
        {
            if (!IsPresent(presence, frame))
                continue;
            frames[frame] = ReadPoints(points[..FaceBytes]);
            points = points[FaceBytes..];
        }
        return new FaceTrack(frames, framesPerSecond);
    }

    private static bool IsPresent(ReadOnlySpan<byte> presence, int frame) => (presence[frame / 8] & (1 << (frame % 8))) != 0;

    private static int CountPresent(ReadOnlySpan<byte> presence, int frameCount)
    {
        var count = 0;
        for (var frame = 0; frame < frameCount; frame++)
            count += IsPresent(presence, frame) ? 1 : 0;
        return count;
    }

    private static void VerifyChecksum(ReadOnlySpan<byte> bytes)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes[..^SHA256.HashSizeInBytes], digest);
        if (!digest.SequenceEqual(bytes[^SHA256.HashSizeInBytes..]))
            throw new InvalidDataException("face track checksum does not match: the file is truncated or damaged");
    }

    private static void WritePoints(FaceLandmarks landmarks, Span<byte> target)
    {
        for (var i = 0; i < FaceLandmarks.Count; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(target[(8 * i)..], landmarks[i].X);
            BinaryPrimitives.WriteSingleLittleEndian(target[(8 * i + 4)..], landmarks[i].Y);
        }
    }

    private static FaceLandmarks ReadPoints(ReadOnlySpan<byte> source)
    {
        var points = new Vector2[FaceLandmarks.Count];
        for (var i = 0; i < points.Length; i++)
        {
            var x = BinaryPrimitives.ReadSingleLittleEndian(source[(8 * i)..]);
            var y = BinaryPrimitives.ReadSingleLittleEndian(source[(8 * i + 4)..]);
            if (!float.IsFinite(x) || !float.IsFinite(y))
                throw new InvalidDataException("face track holds a point that is not a number");
            points[i] = new Vector2(x, y);
        }
        return new FaceLandmarks(points);
    }
}
