using Mouthpiece.Wav2Lip;

namespace Mouthpiece.Core.Tests.Wav2Lip;

public sealed class MelSpectrogramTests
{
    /// <summary>
    /// The expected values come from working the front end out by hand for x[n] = 0.5·sin(2π·1000·n/16000), 1 s long.
    ///
    /// Pre-emphasis: away from the first sample, y[n] = x[n] − 0.97·x[n−1] is the same sine scaled by
    /// |1 − 0.97·e^(−iω)| with ω = 2π·1000/16000 = π/8, so its amplitude is B = 0.5·√(1 − 1.94·cos(π/8) + 0.97²)
    /// = 0.5·√0.1485738 = 0.1927263.
    ///
    /// STFT: column 40 is centred on sample 8000 and reads samples 7600..8399, all inside the signal. 1000 Hz is
    /// exactly bin 50 (bins are 16000/800 = 20 Hz apart), so the 800 samples hold 50 whole periods. The periodic
    /// Hann window is 0.5 − 0.25·e^(i2πn/N) − 0.25·e^(−i2πn/N); against a sine of amplitude B on bin 50 it leaves
    /// |X[50]| = B·N/4 = 200·B = 38.5453 and |X[49]| = |X[51]| = B·N/8 = 19.2726, and nothing in any other bin.
    ///
    /// Mel filters: Slaney's scale is mel = 3f/200 below 1 kHz and 15 + ln(f/1000)/(ln 6.4/27) above. From 55 Hz
    /// (0.825 mel) to 7600 Hz (44.4996 mel) in 81 equal steps, the filter edges near 1 kHz are points
    /// 24: 917.708 Hz, 25: 953.654 Hz, 26: 989.600 Hz, 27: 1026.695 Hz, 28: 1065.470 Hz. Filter j rises from edge j
    /// to j+1 and falls to j+2, scaled by 2/(edge[j+2] − edge[j]). At 980, 1000 and 1020 Hz that gives
    ///   filter 24: 0.007430, 0,        0         → mel = 0.007430·19.2726                              = 0.143188
    ///   filter 25: 0.020069, 0.019705, 0.004942  → mel = 0.020069·19.2726 + 0.019705·38.5453 + 0.004942·19.2726 = 1.241563
    ///   filter 26: 0,        0.007391, 0.021603  → mel = 0.007391·38.5453 + 0.021603·19.2726          = 0.701223
    /// and zero for every other filter.
    ///
    /// Values: 1.6·log10(mel) + 2.4 → filter 24: 1.04945, 25: 2.55035, 26: 2.15337; zero energy is floored at 1e-5,
    /// 1.6·(−5) + 2.4 = −5.6, clipped to −4.
    /// </summary>
    [Fact]
    public void A_1_kHz_tone_lands_in_the_filters_worked_out_by_hand()
    {
        var samples = new float[16_000];
        for (var n = 0; n < samples.Length; n++)
            samples[n] = (float)(0.5 * Math.Sin(2 * Math.PI * 1000 * n / 16_000));

        var mel = MelSpectrogram.Compute(samples);

        Assert.Equal(81, mel.Columns); // 1 + 16000/200, as a centred STFT gives
        Assert.Equal(1.04945, mel[24, 40], 2e-3);
        Assert.Equal(2.55035, mel[25, 40], 2e-3);
        Assert.Equal(2.15337, mel[26, 40], 2e-3);
        foreach (var band in new[] { 0, 10, 22, 23, 27, 28, 50, 79 })
            Assert.True(mel[band, 40] < -3.9f, $"band {band} holds {mel[band, 40]}, expected the floor −4");
    }

    [Fact]
    public void Silence_is_the_floor_everywhere()
    {
        var mel = MelSpectrogram.Compute(new float[3_200]);

        Assert.Equal(17, mel.Columns);
        for (var band = 0; band < MelSpectrogram.Bands; band++)
        {
            for (var column = 0; column < mel.Columns; column++)
                Assert.Equal(-4f, mel[band, column]);
        }
    }

    [Fact]
    public void A_loud_tone_is_clipped_at_4()
    {
        var samples = new float[8_000];
        for (var n = 0; n < samples.Length; n++)
            samples[n] = (float)(1000 * Math.Sin(2 * Math.PI * 1000 * n / 16_000));

        Assert.Equal(4f, MelSpectrogram.Compute(samples)[25, 20]);
    }

    [Theory]
    [InlineData(25.0, 1, 3)] // int(1 · 3.2)
    [InlineData(25.0, 3, 9)] // int(9.6)
    [InlineData(30.0, 15, 40)] // 15 · 2.666… = 40 in doubles, as in Wav2Lip's inference
    [InlineData(30.0, 16, 42)] // int(42.67)
    [InlineData(25.0, 21, 65)] // int(67.2) + 16 would run past 81 columns: the last 16 columns (65..80) instead
    public void A_frame_takes_16_columns_from_int_80_i_over_fps(double fps, long frame, int expectedStart)
    {
        var mel = MelSpectrogram.Compute(new float[16_000]);

        Assert.Equal(expectedStart, mel.ChunkStart(frame, fps));
    }

    [Fact]
    public void A_chunk_is_80_rows_of_16_consecutive_columns()
    {
        var samples = new float[16_000];
        for (var n = 8_000; n < samples.Length; n++)
            samples[n] = (float)(0.5 * Math.Sin(2 * Math.PI * 1000 * n / 16_000));
        var mel = MelSpectrogram.Compute(samples);
        var chunk = new float[MelSpectrogram.Bands * MelSpectrogram.ChunkColumns];

        mel.CopyChunk(12, 25.0, chunk); // starts at column int(38.4) = 38

        for (var band = 0; band < MelSpectrogram.Bands; band++)
        {
            for (var column = 0; column < MelSpectrogram.ChunkColumns; column++)
                Assert.Equal(mel[band, 38 + column], chunk[band * MelSpectrogram.ChunkColumns + column]);
        }
    }
}
