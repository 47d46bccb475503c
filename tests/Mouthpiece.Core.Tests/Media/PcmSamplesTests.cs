using System.Runtime.InteropServices;
using Mouthpiece.Media;

namespace Mouthpiece.Core.Tests.Media;

public class PcmSamplesTests
{
    [Fact]
    public void Samples_split_anywhere_by_the_pipe_and_beyond_the_expected_length_come_out_whole()
    {
        var samples = Enumerable.Range(0, 5000).Select(i => MathF.Sin(i / 10f)).ToArray();
        var bytes = MemoryMarshal.AsBytes(samples.AsSpan()).ToArray();
        using var pcm = new PcmSamples(expectedBytes: 100);

        for (var start = 0; start < bytes.Length; start += 4093) // a prime: chunks end inside samples
            pcm.Append(bytes.AsSpan(start, Math.Min(4093, bytes.Length - start)));

        Assert.Equal(samples, pcm.ToArray());
    }

    [Fact]
    public void A_disposed_buffer_refuses_to_be_read()
    {
        var pcm = new PcmSamples(expectedBytes: 16);
        pcm.Dispose();
        Assert.Throws<ObjectDisposedException>(() => pcm.Span.Length);
    }
}
