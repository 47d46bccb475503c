using Mouthpiece.Pipeline;
using static System.FormattableString;

namespace Mouthpiece.Bench.Suite;

/// <summary>
/// Section 5: the face track of a video is cached by content, so one avatar reading many scripts pays for face
/// analysis once. The same video is rendered twice with different speech into a fresh cache.
/// </summary>
internal static class FaceCacheSection
{
    public static async Task RunAsync(SuitePlan plan, SuiteReport report)
    {
        report.Heading("5. Face-track cache");
        report.Status("face-track cache");
        var video = BenchMedia.TalkingClip(plan.CacheHeight, plan.CacheSeconds);
        var cache = Path.Combine(BenchMedia.WorkDirectory, $"face-cache-{Guid.NewGuid():N}");
        report.Line(Invariant($"The same {BenchMedia.WidthFor(plan.CacheHeight)}x{plan.CacheHeight}, {plan.CacheSeconds} s video rendered twice into a fresh face-track cache, the second time with other speech."));
        report.Line();
        report.TableHeader("render", "wall (s)", "face stage (s)", "face track from cache");
        foreach (var (label, speech) in new[] { ("first", BenchMedia.Speech(plan.CacheSeconds)), ("second, other speech", BenchMedia.Speech(plan.CacheSeconds, offsetSeconds: 1)) })
        {
            var request = new RenderRequest(speech, video, Path.Combine(BenchMedia.WorkDirectory, "cached.mp4"))
            {
                FaceTrackCacheDirectory = cache,
                ScratchDirectory = BenchMedia.WorkDirectory,
            };
            var rendered = await RenderPipeline.RunAsync(request);
            report.TableRow(label, Invariant($"{rendered.WallSeconds:0.00}"), Invariant($"{rendered.StageSeconds.GetValueOrDefault("analysis"):0.00}"),
                rendered.FaceTrackFromCache ? "yes" : "no");
        }
        Directory.Delete(cache, recursive: true);
    }
}
