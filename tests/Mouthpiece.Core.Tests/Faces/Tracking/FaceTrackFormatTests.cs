using System.Numerics;
using Mouthpiece.Faces;
using Mouthpiece.Faces.Tracking;

namespace Mouthpiece.Core.Tests.Faces.Tracking;

public sealed class FaceTrackFormatTests
{
    [Fact]
    public void A_track_reads_back_exactly_with_its_gaps_and_frame_rate()
    {
        var track = SampleTrack();

        var read = FaceTrackFormat.Deserialize(FaceTrackFormat.Serialize(track));

        Assert.Equal(track.FrameCount, read.FrameCount);
        Assert.Equal(29.97, read.FramesPerSecond);
        for (var frame = 0; frame < track.FrameCount; frame++)
        {
            if (track[frame] is null)
                Assert.Null(read[frame]);
            else
                Assert.Equal(track[frame]!.Points, read[frame]!.Points);
        }
    }

    [Fact]
    public void Stores_four_bytes_a_coordinate_and_one_bit_a_frame()
    {
        var track = SampleTrack();

        var bytes = FaceTrackFormat.Serialize(track);

        // Header 20 bytes, presence bits, 68 float32 pairs per face, SHA-256 trailer.
        Assert.Equal(20 + (track.FrameCount + 7) / 8 + track.FramesWithFace * 68 * 8 + 32, bytes.Length);
    }

    [Fact]
    public void An_empty_track_reads_back()
    {
        var read = FaceTrackFormat.Deserialize(FaceTrackFormat.Serialize(new FaceTrack([], 25)));

        Assert.Equal(0, read.FrameCount);
        Assert.Equal(25, read.FramesPerSecond);
    }

    [Fact]
    public void Every_truncation_is_refused()
    {
        var bytes = FaceTrackFormat.Serialize(SampleTrack());

        for (var length = 0; length < bytes.Length; length += 7)
            Assert.Throws<InvalidDataException>(() => FaceTrackFormat.Deserialize(bytes.AsSpan(0, length)));
    }

    [Theory]
    [InlineData(9)]     // frame count
    [InlineData(21)]    // presence bits
    [InlineData(200)]   // a point
    [InlineData(-1)]    // the checksum itself
    public void A_changed_byte_is_refused(int position)
    {
        var bytes = FaceTrackFormat.Serialize(SampleTrack());

        bytes[position < 0 ? bytes.Length + position : position] ^= 0x10;

        Assert.Throws<InvalidDataException>(() => FaceTrackFormat.Deserialize(bytes));
    }

    [Fact]
    public void Another_format_version_is_refused_by_name()
    {
        var bytes = FaceTrackFormat.Serialize(SampleTrack());
        bytes[4] = 2;

        var error = Assert.Throws<InvalidDataException>(() => FaceTrackFormat.Deserialize(bytes));
        Assert.Contains("format 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Coverage_and_gaps_describe_the_frames_without_a_face()
    {
        var track = SampleTrack();

        Assert.Equal(7, track.FramesWithFace);
        Assert.Equal(0.7, track.Coverage, 6);
        Assert.Equal([new FrameRange(0, 1), new FrameRange(4, 2)], track.Gaps());
        Assert.Equal(1, new FaceTrack([], 30).Coverage);
    }

    [Fact]
    public void A_builder_answers_frames_collected_so_far_and_completes_into_the_track()
    {
        var builder = new FaceTrackBuilder(30);
        builder.Add(Face(0));
        builder.Add(null);

        Assert.Equal(2, builder.Count);
        Assert.Equal(Face(0).Points, builder[0]!.Points);
        Assert.Null(builder[1]);
        var track = builder.Complete();
        Assert.Equal((2, 1, 30.0), (track.FrameCount, track.FramesWithFace, track.FramesPerSecond));
    }

    // Ten frames at 29.97 fps; frames 0, 4 and 5 have no face.
    private static FaceTrack SampleTrack()
    {
        var frames = Enumerable.Range(0, 10).Select(frame => frame is 0 or 4 or 5 ? null : Face(frame));
        return new FaceTrack(frames, 29.97);
    }

    private static FaceLandmarks Face(int frame) => new(Enumerable.Range(0, FaceLandmarks.Count)
        .Select(i => new Vector2(100.25f + i + frame / 3f, 200.5f - i * 0.1f + frame)).ToArray());
}
