using Mouthpiece.Media;

namespace Mouthpiece.Audio;

/// <summary>
/// Reads the hop track at the video's frame rate: each frame averages the hops its display
/// interval covers, taken <see cref="MouthTrackOptions.LeadSeconds"/> later in the audio so that
/// the lips move ahead of the sound.
/// </summary>
internal static class FrameSampler
{
    public static int FrameCount(int sampleCount, double fps) =>
        (int)Math.Round((double)sampleCount / AudioDecoder.AnalysisSampleRate * fps, MidpointRounding.AwayFromZero);

    public static MouthShape[] Sample(HopShapes hops, int frameCount, double fps, double leadSeconds)
    {
        var frames = new MouthShape[frameCount];
        for (var i = 0; i < frameCount; i++)
        {
            var from = HopAt((i / fps) + leadSeconds);
            var to = Math.Max(from + 1, HopAt(((i + 1) / fps) + leadSeconds));
            frames[i] = Average(hops, from, to);
        }
        return frames;
    }

    private static int HopAt(double seconds) => (int)Math.Round(seconds / SpeechFeatures.HopSeconds);

    private static MouthShape Average(HopShapes hops, int from, int to)
    {
        float openness = 0, width = 0;
        int closed = 0, count = 0;
        for (var h = from; h < to; h++)
        {
            // Past the end of the audio the mouth is at rest.
            if (h >= hops.Count)
            {
                closed++;
            }
            else
            {
                openness += hops.Openness[h];
                width += hops.Width[h];
                closed += hops.Closed[h] ? 1 : 0;
            }
            count++;
        }
        return closed * 2 >= count
            ? new MouthShape(0, width / count, true)
            : new MouthShape(openness / count, width / count, false);
    }
}
