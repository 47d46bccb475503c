using Mouthpiece.Jobs;
using static Mouthpiece.Web.SystemStatus.SystemStatusApi;

namespace Mouthpiece.Web.Tests.SystemStatus;

/// <summary>The Queue card and the queue chart count renders the way their users see them.</summary>
public sealed class QueueDepthTests
{
    [Fact]
    public void A_render_whose_video_is_being_normalized_is_running_and_the_normalization_is_not_counted_again()
    {
        Job[] jobs =
        [
            Normalize("n1", JobState.Rendering), Render("r1", JobState.Queued, dependsOn: "n1"),
            Normalize("n2", JobState.Queued), Render("r2", JobState.Queued, dependsOn: "n2"),
            Render("r3", JobState.Queued), Render("r4", JobState.Preparing),
            Normalize("n5", JobState.Done), Render("r5", JobState.Done, dependsOn: "n5"),
            Render("r6", JobState.Failed), Render("r7", JobState.Canceled), Render("r8", JobState.Canceled),
        ];

        Assert.Equal(new QueueDepth(Queued: 2, Running: 2, Done: 1, Failed: 1, Canceled: 2), QueueDepth.Of(jobs));
    }

    private static Job Render(string id, JobState state, string? dependsOn = null) => new()
    {
        Id = id,
        Kind = JobKind.Render,
        State = state,
        DependsOn = dependsOn,
        Audio = new StoredInput($"audio-{id}", $"/data/inputs/audio-{id}.wav", "speech.wav"),
        Video = new StoredInput($"video-{id}", $"/data/inputs/video-{id}.mp4", "video.mp4"),
        OutputPath = $"/data/outputs/{id}.mp4",
        OutputName = $"{id}.mp4",
    };

    private static Job Normalize(string id, JobState state) => Render(id, state) with { Kind = JobKind.Normalize, Audio = null };
}
