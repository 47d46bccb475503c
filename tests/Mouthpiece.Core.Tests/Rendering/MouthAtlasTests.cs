using System.Numerics;
using Mouthpiece.Audio;
using Mouthpiece.Media;
using Mouthpiece.Rendering;
using Mouthpiece.Rendering.Atlas;

namespace Mouthpiece.Core.Tests.Rendering;

public sealed class MouthAtlasTests
{
    [Fact]
    public void A_sample_decodes_to_the_pixels_it_was_cut_from_and_is_stored_compressed()
    {
        var man = RenderingFixture.Load(RenderingFixture.ManOpen);
        var sample = MouthSample.Capture(man.Frame, man.Landmarks, MouthState.Of(man.Frame, man.Landmarks))!;

        var pixels = sample.Decode();

        Assert.True(sample.Compressed.Length < 0.8 * VideoFrame.ByteCount(sample.Box.Width, sample.Box.Height));
        for (var y = 0; y < pixels.Height; y++)
        {
            for (var x = 0; x < pixels.Width; x++)
                Assert.Equal(man.Frame.Y[(sample.Box.Top + y) * man.Frame.Width + sample.Box.Left + x], pixels.Y[y * pixels.Width + x]);
        }
    }

    [Fact]
    public void The_atlas_stays_within_its_budget_and_keeps_the_widest_mouth_however_long_the_video()
    {
        var closed = RenderingFixture.Load(RenderingFixture.ManClosed);
        var open = RenderingFixture.Load(RenderingFixture.ManOpen);
        var budget = new AtlasBudget { MaxSamples = 40, RunLength = 5 };
        var builder = new MouthAtlasBuilder(plannedFrames: 600, budget);
        for (var i = 0; i < 600; i++)
        {
            // The mouth opens only late in the video, in one short stretch.
            var source = i is >= 540 and < 546 ? open : closed;
            var frame = source.CopyOfFrame();
            frame.Index = i;
            builder.Add(frame, source.Landmarks, source.Landmarks);
        }

        var atlas = builder.Complete();

        Assert.Equal(600, atlas.States.Count);
        Assert.InRange(atlas.Samples.Count, 1, budget.MaxSamples);
        Assert.Equal(open.Landmarks.InnerLipAperture, atlas.MaxSampleAperture, 3);
    }

    [Fact]
    public void A_mouth_that_has_just_shut_is_labelled_shut_though_the_smoothed_points_still_lag_open()
    {
        var closed = RenderingFixture.Load(RenderingFixture.ManClosed);
        var open = RenderingFixture.Load(RenderingFixture.ManOpen);
        var builder = new MouthAtlasBuilder(plannedFrames: 1);
        // The frame shows a shut mouth; the smoothed track, a few frames behind, still has it open.
        builder.Add(closed.CopyOfFrame(), smoothed: open.Landmarks, measured: closed.Landmarks);

        var atlas = builder.Complete();

        var sample = Assert.Single(atlas.Samples);
        // The opening is measured in inter-ocular distances of the smoothed eyes, hence within a few thousandths.
        Assert.True(open.Landmarks.InnerLipAperture > closed.Landmarks.InnerLipAperture + 0.05f);
        Assert.Equal(closed.Landmarks.InnerLipAperture, sample.State.Aperture, 0.003f);
        Assert.Equal(closed.Landmarks.InnerLipAperture, atlas.States[0]!.Value.Aperture, 0.003f);
        Assert.Equal(closed.Landmarks[62], sample.Landmarks[62]);
        Assert.Equal(closed.Landmarks[8], sample.Landmarks[8]);
        // The points that align samples stay the smoothed ones.
        Assert.All(SimilarityTransform.StillPoints, point => Assert.Equal(open.Landmarks[point], sample.Landmarks[point]));
    }

    [Fact]
    public void A_sample_less_open_than_the_speech_asks_is_opened_by_the_warp_and_one_close_enough_is_left_alone()
    {
        var atlas = AtlasOfSamples([0.02f, 0.05f, 0.10f, 0.15f, 0.20f]);
        var track = Enumerable.Range(0, 40).Select(i => new MouthShape(i % 4 / 3f, 0, false)).ToArray();
        var plan = MouthPlan.Create(track, atlas, index => index);
        Assert.Equal(MouthMode.Samples, plan.Mode);

        for (var frame = 0; frame < track.Length; frame++)
        {
            var wanted = plan.Aperture[frame];
            Assert.NotNull(plan.WarpShape(frame, sampleAperture: wanted - 0.05f, sampleWidth: 0));
            Assert.NotNull(plan.WarpShape(frame, sampleAperture: wanted + 0.05f, sampleWidth: 0));
            Assert.Null(plan.WarpShape(frame, sampleAperture: wanted, sampleWidth: 0));
        }
    }

    [Theory]
    [InlineData(0.06f)] // a news anchor who barely opens
    [InlineData(0.25f)] // a presenter who opens wide
    public void How_far_short_of_the_speech_a_sample_may_stay_is_a_share_of_the_speakers_own_range(float speakerP90)
    {
        var atlas = AtlasOfSamples([.. Enumerable.Range(0, 10).Select(i => speakerP90 * i / 9)]);
        var track = Enumerable.Range(0, 40).Select(i => new MouthShape(i % 4 / 3f, 0, false)).ToArray();
        var plan = MouthPlan.Create(track, atlas, index => index);
        Assert.Equal(MouthMode.Samples, plan.Mode);
        var range = plan.RangeP90;

        foreach (var frame in Enumerable.Range(0, track.Length).Where(frame => plan.Aperture[frame] >= range / 2))
        {
            var wanted = plan.Aperture[frame];
            // A fifth of the range short would hide the syllable's peak: opened, however small the speaker.
            Assert.NotNull(plan.WarpShape(frame, sampleAperture: wanted - range / 5, sampleWidth: 0));
            // A twentieth short is the person's own mouth, near enough: drawn as it is.
            Assert.Null(plan.WarpShape(frame, sampleAperture: wanted - range / 20, sampleWidth: 0));
        }
    }

    [Fact]
    public void On_a_sample_the_warp_sets_in_gradually_changes_the_opening_only_and_closes_bilabials()
    {
        var atlas = AtlasOfSamples([0.02f, 0.05f, 0.10f, 0.15f, 0.20f]);
        // Spread lips asked for by the speech, closed on every fifth frame.
        var track = Enumerable.Range(0, 40).Select(i => new MouthShape(0.4f + i % 4 / 5f, 0.6f, Closed: i % 5 == 0)).ToArray();
        var plan = MouthPlan.Create(track, atlas, index => index);
        const float SampleWidth = -0.2f;
        var opening = plan.OpeningTolerance;
        const float Closing = MouthPlan.ClosingTolerance;

        for (var frame = 0; frame < track.Length; frame++)
        {
            if (track[frame].Closed)
            {
                var closed = plan.WarpShape(frame, sampleAperture: 0.1f, SampleWidth)!.Value;
                Assert.True(closed.Closed);
                Assert.Equal(SampleWidth, closed.Width);
                continue;
            }
            var wanted = plan.Aperture[frame];
            var whole = plan.WarpShape(frame, wanted - 3 * opening, SampleWidth)!.Value;
            Assert.Equal(SampleWidth, whole.Width);
            var opennessPerAperture = whole.Openness / wanted;
            float Drawn(float sampleAperture) => plan.WarpShape(frame, sampleAperture, SampleWidth)!.Value.Openness / opennessPerAperture;
            // Just past a tolerance the warp moves the sample twice as far as it is past it; from twice the tolerance on, to the opening asked for.
            Assert.Equal(wanted - 0.9f * opening, Drawn(wanted - 1.1f * opening), 4);
            Assert.Equal(wanted + 0.9f * Closing, Drawn(wanted + 1.1f * Closing), 4);
            Assert.Equal(wanted, Drawn(wanted + 3 * Closing), 4);
        }
    }

    [Fact]
    public void The_atlas_survives_its_file_format_and_a_damaged_file_is_refused()
    {
        var atlas = SmallAtlas();

        var bytes = MouthAtlasFormat.Serialize(atlas, wholeVideo: true);
        var (read, whole) = MouthAtlasFormat.Deserialize(bytes);

        Assert.True(whole);
        Assert.Equal(atlas.States.Count, read.States.Count);
        Assert.Equal(atlas.Samples.Select(sample => sample.FrameIndex), read.Samples.Select(sample => sample.FrameIndex));
        Assert.Equal(atlas.Samples[0].Decode().Y.ToArray(), read.Samples[0].Decode().Y.ToArray());
        bytes[bytes.Length / 2] ^= 0x5A;
        Assert.Throws<InvalidDataException>(() => MouthAtlasFormat.Deserialize(bytes));
    }

    [Fact]
    public void Selection_plays_runs_on_rather_than_jumping_between_samples_that_match_as_well()
    {
        // Two runs of ten frames rising from closed to open: every target is met equally well by either run.
        var states = new List<MouthState?>();
        var samples = new List<MouthSample>();
        for (var run = 0; run < 2; run++)
        {
            for (var i = 0; i < 10; i++)
            {
                var state = new MouthState(0.01f * i, 0.5f, 0, 0.5f, 0, 1, 120);
                states.Add(state);
                samples.Add(new MouthSample(run * 100 + i, new Vector2[68], new PixelRect(0, 0, 2, 2), state, []));
            }
        }
        var atlas = new MouthAtlas(states, samples);
        var targets = Enumerable.Range(0, 10).Select(i => new SampleTarget(0.01f * i, 0, 0.5f, true)).ToList();

        var chosen = SampleSelector.Select(atlas, targets);

        var jumps = chosen.Zip(chosen.Skip(1)).Count(pair => atlas.Next[pair.First] != pair.Second);
        Assert.Equal(0, jumps);
        Assert.Equal(targets.Select(target => target.Aperture), chosen.Select(sample => atlas.Samples[sample].State.Aperture));
    }

    [Fact]
    public void Selection_jumps_when_the_speech_asks_for_a_mouth_the_run_does_not_have()
    {
        var states = new List<MouthState?>();
        var samples = new List<MouthSample>();
        foreach (var (frame, aperture) in new[] { (0, 0f), (1, 0f), (2, 0f), (50, 0.1f), (51, 0.1f), (52, 0.1f) })
        {
            var state = new MouthState(aperture, 0.5f, 0, 0.5f, 0, 1, 120);
            states.Add(state);
            samples.Add(new MouthSample(frame, new Vector2[68], new PixelRect(0, 0, 2, 2), state, []));
        }
        var atlas = new MouthAtlas(states, samples);
        SampleTarget Target(float aperture) => new(aperture, 0, 0.5f, true);

        var chosen = SampleSelector.Select(atlas, [Target(0), Target(0), Target(0.1f), Target(0.1f), Target(0.1f)]);

        Assert.Equal([0f, 0f, 0.1f, 0.1f, 0.1f], chosen.Select(sample => atlas.Samples[sample].State.Aperture));
    }

    [Fact]
    public void A_sample_of_another_frame_is_brought_to_the_frames_light()
    {
        var man = RenderingFixture.Load(RenderingFixture.ManClosed);
        // The sample is the same face, 8 % brighter and with a warmer tint: the correction must take both out.
        var brighter = man.CopyOfFrame();
        for (var i = 0; i < brighter.Y.Length; i++)
            brighter.Y[i] = (byte)Math.Min(255, brighter.Y[i] * 1.08f);
        for (var i = 0; i < brighter.V.Length; i++)
            brighter.V[i] = (byte)Math.Min(255, brighter.V[i] + 6);
        var sample = MouthSample.Capture(brighter, man.Landmarks, MouthState.Of(brighter, man.Landmarks))!;
        var frame = man.CopyOfFrame();
        var compositor = new SampleCompositor();

        compositor.Paint(frame, man.Landmarks, sample, sample.Decode());

        var box = sample.Box;
        Assert.InRange(MeanAbsoluteDifference(frame.Y, man.Frame.Y, frame.Width, box), 0, 1.5);
        Assert.InRange(MeanAbsoluteDifference(frame.V, man.Frame.V, frame.ChromaWidth, new PixelRect(box.Left / 2, box.Top / 2, box.Width / 2, box.Height / 2)), 0, 1.0);
        Assert.InRange(compositor.LastCorrection.Gain, 0.9f, 0.95f);
    }

    [Fact]
    public void Pasting_a_frame_onto_itself_changes_nothing_outside_the_lower_face()
    {
        var man = RenderingFixture.Load(RenderingFixture.ManOpen);
        var sample = MouthSample.Capture(man.Frame, man.Landmarks, MouthState.Of(man.Frame, man.Landmarks))!;
        var frame = man.CopyOfFrame();

        new SampleCompositor().Paint(frame, man.Landmarks, sample, sample.Decode());

        FrameMeasures.AssertUnchangedOutside(man.Frame.Y, frame.Y, frame.Width, sample.Box);
        Assert.InRange(MeanAbsoluteDifference(frame.Y, man.Frame.Y, frame.Width, sample.Box), 0, 0.5);
    }

    [Fact]
    public void A_video_that_opens_its_mouth_only_late_is_drawn_from_its_own_mouths_from_the_first_frame()
    {
        var closed = RenderingFixture.Load(RenderingFixture.ManClosed);
        var open = RenderingFixture.Load(RenderingFixture.ManOpen);
        var builder = new MouthAtlasBuilder(plannedFrames: 120);
        for (var i = 0; i < 120; i++)
        {
            var source = i % 40 >= 30 ? open : closed;
            var frame = source.CopyOfFrame();
            frame.Index = i;
            builder.Add(frame, source.Landmarks, source.Landmarks);
        }
        var atlas = builder.Complete();
        // The speech asks for an open mouth from the very first frame.
        var track = Enumerable.Range(0, 60).Select(i => new MouthShape(i % 6 < 3 ? 0.8f : 0.1f, 0, false)).ToArray();

        var plan = MouthPlan.Create(track, atlas, index => index);

        Assert.NotEqual(MouthMode.Warp, plan.Mode);
        Assert.All(plan.Samples, sample => Assert.True(sample >= 0));
        Assert.True(atlas.Samples[plan.Samples[0]].State.Aperture > 0.1f, "the first frame should show an open mouth of the person's own");
    }

    [Fact]
    public void The_opening_follows_the_persons_own_range()
    {
        var track = Enumerable.Range(0, 100).Select(i => new MouthShape(i % 10 / 10f, 0, false)).ToArray();
        var quiet = AtlasOfApertures(Enumerable.Repeat(0.01f, 50));
        var speaker = AtlasOfApertures(Enumerable.Range(0, 50).Select(i => i % 10 * 0.01f));
        var mumbler = AtlasOfApertures(Enumerable.Range(0, 50).Select(i => i % 10 * 0.003f));

        Assert.Equal((false, true, false), (quiet.Speaks, speaker.Speaks, mumbler.Speaks));
        var fromDefault = MouthPlan.Create(track, quiet, index => index);
        var fromSpeaker = MouthPlan.Create(track, speaker, index => index);

        Assert.Equal(MouthPlan.DefaultP90, P90(fromDefault.Aperture), 2);
        Assert.Equal(speaker.ApertureP90, P90(fromSpeaker.Aperture), 2);
    }

    private static float P90(IEnumerable<float> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[(int)(0.9 * (sorted.Length - 1))];
    }

    // A speaking atlas: runs of ten frames opening through the given apertures, one sample per frame.
    private static MouthAtlas AtlasOfSamples(float[] apertures)
    {
        var states = new List<MouthState?>();
        var samples = new List<MouthSample>();
        for (var i = 0; i < 50; i++)
        {
            var state = new MouthState(apertures[i % apertures.Length], 0.5f, 0, 0.5f, 0, 1, 120);
            states.Add(state);
            samples.Add(new MouthSample(i, new Vector2[68], new PixelRect(0, 0, 2, 2), state, []));
        }
        return new MouthAtlas(states, samples);
    }

    private static MouthAtlas AtlasOfApertures(IEnumerable<float> apertures) =>
        new([.. apertures.Select(aperture => (MouthState?)new MouthState(aperture, 0.5f, 0, 0.5f, 0, 1, 120))], []);

    private static MouthAtlas SmallAtlas()
    {
        var man = RenderingFixture.Load(RenderingFixture.ManOpen);
        var builder = new MouthAtlasBuilder(plannedFrames: 3);
        for (var i = 0; i < 3; i++)
        {
            var frame = man.CopyOfFrame();
            frame.Index = i;
            builder.Add(frame, i == 1 ? null : man.Landmarks, i == 1 ? null : man.Landmarks);
        }
        return builder.Complete();
    }

    private static double MeanAbsoluteDifference(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int stride, PixelRect box)
    {
        long sum = 0;
        for (var y = box.Top; y < box.Bottom; y++)
        {
            for (var x = box.Left; x < box.Right; x++)
                sum += Math.Abs(a[y * stride + x] - b[y * stride + x]);
        }
        return (double)sum / (box.Width * box.Height);
    }
}
