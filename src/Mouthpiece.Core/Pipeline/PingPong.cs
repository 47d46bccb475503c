namespace Mouthpiece.Pipeline;

/// <summary>
/// Which source frame the output shows when the speech outlasts the video: the video plays forward,
/// then backward, then forward again, so there is never a jump cut back to the first frame.
/// </summary>
public static class PingPong
{
    /// <param name="outputIndex">Position in the output, from 0.</param>
    /// <param name="sourceFrames">Frames in the source video.</param>
    public static long SourceIndex(long outputIndex, long sourceFrames)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(outputIndex);
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceFrames, 1);
        if (sourceFrames == 1)
            return 0;
        // One cycle is 0..N-1 forward then N-2..1 backward; the turning frames are not shown twice.
        var period = 2 * sourceFrames - 2;
        var phase = outputIndex % period;
        return phase < sourceFrames ? phase : period - phase;
    }
}

/// <summary>Which source frame each output frame shows, for either way of playing a video the speech outlasts.</summary>
public static class Playback
{
    /// <param name="order">Back and forth (<see cref="PingPong"/>), or from the start again, a cut at each turn.</param>
    /// <param name="outputIndex">Position in the output, from 0.</param>
    /// <param name="sourceFrames">Frames in the source video.</param>
    public static long SourceIndex(this LongAudio order, long outputIndex, long sourceFrames)
    {
        if (order == LongAudio.PingPong)
            return PingPong.SourceIndex(outputIndex, sourceFrames);
        ArgumentOutOfRangeException.ThrowIfNegative(outputIndex);
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceFrames, 1);
        return outputIndex % sourceFrames;
    }
}
