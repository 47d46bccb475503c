using Mouthpiece.Audio;
using Mouthpiece.Evaluation;
using Mouthpiece.Media;
using Mouthpiece.Pipeline;
using Mouthpiece.Speech;
using Mouthpiece.Subtitles;
using Xunit.Abstractions;

namespace Mouthpiece.Core.Tests.Pipeline;

/// <summary>
/// Scripts read by the built-in voice and rendered for real, in English and Chinese, measured on the output:
/// the mouth is shut on every m, b and p the voice speaks (the evaluate meter's landmarks on the decoded
/// frames), the subtitles are timed by the voice's events, and burned-in subtitles change only their band.
/// </summary>
public sealed class SpokenRenderTests(SpokenRenderTests.Renders renders, ITestOutputHelper output) : IClassFixture<SpokenRenderTests.Renders>
{
    private const double Fps = 30;
    private const double Frame = 1 / Fps;

    [Theory]
    [InlineData("en")]
    [InlineData("zh")]
    public void The_mouth_is_shut_on_every_m_b_and_p_in_the_output_frames(string language)
    {
        var render = renders.ByLanguage(language);
        var apertures = render.Apertures;
        var lead = MouthTrackOptions.Default.LeadSeconds;
        var bilabials = render.Result.Speech!.Timeline.Phonemes.Where(p => Articulation.Of(p.Name)[0].Closes).ToList();
        // "Open" is how far this mouth opens on the voice's open vowels; "shut" is below a quarter of that
        // (measured, the rendered closures are 0.01-0.03 of the inter-ocular distance, open vowels 0.13).
        var vowelFrames = render.Result.Speech.Timeline.Phonemes
            .Where(p => Articulation.Of(p.Name)[0] is { IsVowel: true, Openness: > 0.6f })
            .Select(p => apertures[FrameShowing(p.End - Frame, lead)]).Where(double.IsFinite).ToList();
        var open = vowelFrames.Order().ElementAt(vowelFrames.Count / 2);
        output.WriteLine($"{language}: {bilabials.Count} bilabials, open vowel aperture {open:0.000}");

        Assert.True(bilabials.Count >= 5, $"only {bilabials.Count} bilabials in the script");
        foreach (var bilabial in bilabials)
        {
            // The frames that show the sound (each frame shows the speech a lead later than its own time).
            var frames = Enumerable.Range(FrameShowing(bilabial.Start, lead), FrameShowing(bilabial.End, lead) - FrameShowing(bilabial.Start, lead) + 1)
                .Where(i => i >= 0 && i < apertures.Length).ToList();
            var shut = frames.Min(i => apertures[i]);
            output.WriteLine($"  {bilabial.Name} at {bilabial.Start:0.000}-{bilabial.End:0.000} s: aperture {shut:0.000} (frames {frames[0]}-{frames[^1]})");
            Assert.True(shut < open / 4, $"{bilabial.Name} at {bilabial.Start:0.000} s: aperture {shut:0.000}, open vowels {open:0.000}");
        }
    }

    [Theory]
    [InlineData("en")]
    [InlineData("zh")]
    public void Subtitles_start_and_end_with_the_voice_s_words_within_a_frame(string language)
    {
        var render = renders.ByLanguage(language);
        var timeline = render.Result.Speech!.Timeline;
        var srt = SubRip.Parse(File.ReadAllText(render.Request.SrtPath), "srt");
        var clauses = ScriptSplitter.Clauses(render.Script.Text);

        Assert.Equal(clauses.Count, srt.Count);
        foreach (var (cue, clause) in srt.Zip(clauses))
        {
            var words = timeline.Words.Where(w => w.TextIndex >= clause.Start && w.TextIndex < clause.End).ToList();
            var firstSound = timeline.Phonemes.First(p => !p.IsPause && p.Start >= words[0].Start - 1e-6);
            var lastSound = timeline.Phonemes.Last(p => !p.IsPause && p.End <= words[^1].End + 1e-6);
            Assert.Equal(SubtitleCues.OneLine(clause.Of(render.Script.Text)), cue.Text);
            Assert.InRange(cue.Start - firstSound.Start, -Frame, Frame);
            Assert.InRange(cue.End - lastSound.End, -Frame, Frame);
        }
        if (File.Exists(render.Request.VttPath))
            Assert.Equal(srt, WebVtt.Parse(File.ReadAllText(render.Request.VttPath), "vtt"));
    }

    [Fact]
    public async Task Burned_subtitles_are_drawn_where_a_cue_is_shown()
    {
        var burned = await Tool.DecodeAllAsync(renders.ByLanguage("zh").Request.Render.OutputPath);
        var plain = await Tool.DecodeAllAsync(renders.ByLanguage("en").Request.Render.OutputPath);
        var cues = SubRip.Parse(File.ReadAllText(renders.ByLanguage("zh").Request.SrtPath), "srt");
        var (width, height) = (burned[0].Width, burned[0].Height);
        var bandTop = (int)(height * (1 - AssScript.BandShare));

        // Both renders start from the same source frames; in the band only the subtitles differ.
        var during = (int)Math.Round((cues[0].Start + cues[0].End) / 2 * Fps);
        var changed = CountChanged(burned[during], plain[during], bandTop, height, width);
        Assert.True(changed > 300, $"{changed} pixels changed in the subtitle band during a cue");
    }

    [Fact]
    public async Task Burning_subtitles_changes_pixels_only_in_the_subtitle_band()
    {
        var burned = await Tool.DecodeAllAsync(renders.BurnedRecording);
        var plain = await Tool.DecodeAllAsync(renders.PlainRecording);
        var (width, height) = (plain[0].Width, plain[0].Height);
        var bandTop = (int)(height * (1 - AssScript.BandShare));

        Assert.Equal(plain.Count, burned.Count);
        var inBand = burned.Zip(plain).Sum(pair => CountChanged(pair.First, pair.Second, bandTop, height, width));
        var outside = burned.Zip(plain).Sum(pair => CountChanged(pair.First, pair.Second, 0, bandTop, width));
        output.WriteLine($"pixels changed by more than the codec's noise: {inBand} in the band, {outside} above it");
        Assert.True(inBand > 5000, $"{inBand} pixels changed in the band");
        Assert.Equal(0, outside);
    }

    /// <summary>The frame whose display interval shows the speech at <paramref name="seconds"/>.</summary>
    private static int FrameShowing(double seconds, double lead) => (int)Math.Floor((seconds - lead) * Fps);

    /// <summary>Luma pixels in rows [top, bottom) that differ by more than x264's noise between two encodings.</summary>
    private static int CountChanged(VideoFrame a, VideoFrame b, int top, int bottom, int width)
    {
        var count = 0;
        for (var y = top; y < bottom; y++)
            for (var x = 0; x < width; x++)
                if (Math.Abs(a.Buffer[y * width + x] - b.Buffer[y * width + x]) > 48)
                    count++;
        return count;
    }

    public sealed record SpokenRun(Script Script, SpokenRenderRequest Request, SpokenRenderResult Result, double[] Apertures);

    /// <summary>The renders the tests measure: a script in each language, and one recording with and without burned-in subtitles.</summary>
    public sealed class Renders : IAsyncLifetime, IDisposable
    {
        private readonly Scratch _scratch = new();
        private readonly Dictionary<string, SpokenRun> _runs = [];

        public string PlainRecording => _scratch.File("recording.mp4");

        public string BurnedRecording => _scratch.File("recording-burned.mp4");

        public SpokenRun ByLanguage(string language) => _runs[language];

        public async Task InitializeAsync()
        {
            using var meter = new ApertureMeter();
            _runs["en"] = await RunAsync(meter, "en", new Script("Maybe Bob will bring a map, please. My mom paid for both.", "en-us"), SubtitleFormats.Srt | SubtitleFormats.Vtt);
            _runs["zh"] = await RunAsync(meter, "zh", new Script("爸爸妈妈买了面包，明天不忙。", "cmn"), SubtitleFormats.Srt | SubtitleFormats.Burn);

            var speech = TestData.File("media", "speech-en-3s.wav");
            var script = _scratch.WriteText("words.txt", "So this is the speech, and these are its words. They come in two parts.");
            foreach (var (path, formats) in new[] { (PlainRecording, SubtitleFormats.Srt), (BurnedRecording, SubtitleFormats.Srt | SubtitleFormats.Burn) })
                await SpokenRender.RunAsync(new SpokenRenderRequest(Request(speech, path)) { Subtitles = new SubtitleRequest { Formats = formats, ScriptPath = script } });
        }

        private async Task<SpokenRun> RunAsync(ApertureMeter meter, string name, Script script, SubtitleFormats formats)
        {
            var request = new SpokenRenderRequest(Request(_scratch.File(name + ".wav"), _scratch.File(name + ".mp4")))
            {
                Script = script,
                Subtitles = new SubtitleRequest { Formats = formats },
            };
            var result = await SpokenRender.RunAsync(request);
            var apertures = await meter.MeasureAsync(await MediaProbe.ProbeVideoAsync(request.Render.OutputPath));
            return new SpokenRun(script, request, result, apertures.Values);
        }

        private RenderRequest Request(string audio, string output) =>
            new(audio, TestData.File("media", "talking-3s.mp4"), output) { ScratchDirectory = _scratch.File("tmp") };

        public Task DisposeAsync() => Task.CompletedTask;

        public void Dispose() => _scratch.Dispose();
    }
}
