using Mouthpiece.Avatars;
using Mouthpiece.Media;
using Mouthpiece.Messages;
using Mouthpiece.Pipeline;

namespace Mouthpiece.Core.Tests.Avatars;

/// <summary>Saving avatars with real media, and real renders from them.</summary>
public sealed class AvatarLibraryTests : IClassFixture<Scratch>
{
    private static readonly string Talking = TestData.File("media", "talking-3s.mp4");
    private static readonly string Speech = TestData.File("media", "speech-en-3s.wav");
    private readonly Scratch _scratch;
    private readonly DataDirectory _data;
    private readonly AvatarLibrary _library;

    public AvatarLibraryTests(Scratch scratch)
    {
        _scratch = scratch;
        _data = new DataDirectory(Directory.CreateDirectory(scratch.File("data-" + Guid.NewGuid().ToString("N")[..8])).FullName);
        _library = new AvatarLibrary(_data);
    }

    private Task<RenderReport> RenderAsync(Avatar avatar, string output) =>
        RenderPipeline.RunAsync(new RenderRequest(Speech, avatar.VideoPath, _scratch.File(output))
        {
            FaceIndex = avatar.FaceIndex,
            FaceTrackCacheDirectory = _data.FaceTrackCache,
        });

    /// <summary>Face analysis seconds in a report, whatever the engine calls that stage.</summary>
    private static double FaceAnalysisSeconds(RenderReport report) =>
        report.EngineCpuSeconds.Where(stage => stage.Key is "faces" or "analysis").Sum(stage => stage.Value);

    [Fact]
    public async Task Saved_once_then_two_renders_do_no_face_analysis()
    {
        var avatar = await _library.SaveAsync("Anna presenter", Talking, "talking-3s.mp4", null);

        Assert.Equal("Anna presenter", avatar.Name);
        Assert.Single(avatar.Faces);
        Assert.Equal((512, 480, 3.0), (avatar.Width, avatar.Height, Math.Round(avatar.DurationSeconds, 1)));
        Assert.False(avatar.Normalized);
        Assert.True(avatar.AnalysisSeconds > 0);
        Assert.Equal([0xFF, 0xD8], File.ReadAllBytes(avatar.ThumbnailPath)[..2]);
        Assert.Equal(avatar, _library.List().Single(), AvatarComparer.Instance);

        foreach (var output in new[] { "first.mp4", "second.mp4" })
        {
            var report = await RenderAsync(avatar, output);
            Assert.True(report.FaceTrackFromCache);
            Assert.InRange(FaceAnalysisSeconds(report), 0, 0.05);
            Assert.True(report.FaceCoverage > 0.9);
        }
    }

    [Fact]
    public async Task Two_faces_side_by_side_the_chosen_one_speaks()
    {
        // The talking clip beside the silent portrait, both 480 high: face 0 on the left, face 1 on the right.
        var twoFaces = _scratch.Ffmpeg("two-faces.mp4", "-i", Talking, "-i", TestData.File("media", "portrait-silent-2s.mp4"),
            "-filter_complex", "[1:v]scale=-2:480,setsar=1[r];[0:v]setsar=1[l];[l][r]hstack=shortest=1[v]", "-map", "[v]",
            "-c:v", "libx264", "-preset", "ultrafast", "-crf", "18", "-pix_fmt", "yuv420p");

        var avatar = await _library.SaveAsync("two", twoFaces, "two-faces.mp4", faceIndex: 1);

        Assert.Equal(2, avatar.Faces.Count);
        Assert.Equal(1, avatar.FaceIndex);
        Assert.True(avatar.Faces[0].X + avatar.Faces[0].Width < avatar.Faces[1].X, "faces are numbered left to right");
        var report = await RenderAsync(avatar, "two-faces-out.mp4");
        Assert.True(report.FaceTrackFromCache);

        var source = await Tool.DecodeAllAsync(avatar.VideoPath);
        var rendered = await Tool.DecodeAllAsync(report.Output);
        Assert.True(Change(source, rendered, avatar.Faces[1]) > 3 * Change(source, rendered, avatar.Faces[0]),
            "the right face's mouth moves, the left one is left alone");
    }

    [Fact]
    public async Task Choosing_another_face_analyses_it_and_is_kept()
    {
        var twoFaces = _scratch.Ffmpeg("two-same.mp4", "-i", Talking, "-filter_complex", "[0:v][0:v]hstack=shortest=1[v]", "-map", "[v]",
            "-c:v", "libx264", "-preset", "ultrafast", "-crf", "18", "-pix_fmt", "yuv420p");
        await _library.SaveAsync("pair", twoFaces, "two-same.mp4", faceIndex: 0);

        var chosen = await _library.ChooseFaceAsync("pair", 1);

        Assert.Equal(1, chosen.FaceIndex);
        Assert.Equal(1, _library.Get("pair").FaceIndex);
        Assert.True((await RenderAsync(chosen, "pair-out.mp4")).FaceTrackFromCache);
        var beyond = await Assert.ThrowsAsync<MediaInputException>(() => _library.ChooseFaceAsync("pair", 2));
        Assert.Equal("input.no_face_at_index", beyond.Problem.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData(".hidden")]
    [InlineData("trailing ")]
    public async Task Bad_names_are_refused_before_any_work(string name)
    {
        var refused = await Assert.ThrowsAsync<ProblemException>(() => _library.SaveAsync(name, Talking, "talking-3s.mp4", null));
        Assert.Equal("avatar.bad_name", refused.Problem.Code);
        Assert.False(Directory.Exists(_library.Root) && Directory.EnumerateFileSystemEntries(_library.Root).Any());
    }

    [Fact]
    public async Task A_video_without_a_face_or_a_face_index_beyond_the_faces_is_refused_and_nothing_is_kept()
    {
        var noFace = _scratch.Ffmpeg("noface.mp4", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25:duration=1", "-pix_fmt", "yuv420p");

        var none = await Assert.ThrowsAsync<MediaInputException>(() => _library.SaveAsync("none", noFace, "noface.mp4", null));
        var beyond = await Assert.ThrowsAsync<MediaInputException>(() => _library.SaveAsync("beyond", Talking, "talking-3s.mp4", 3));

        Assert.Equal("input.no_face", none.Problem.Code);
        Assert.Equal("input.no_face_at_index", beyond.Problem.Code);
        Assert.Empty(_library.List());
        Assert.Empty(Directory.GetDirectories(_library.Root));
    }

    [Fact]
    public async Task A_taken_name_is_refused_and_delete_removes_the_avatar()
    {
        await _library.SaveAsync("taken", Talking, "talking-3s.mp4", null);

        var again = await Assert.ThrowsAsync<ProblemException>(() => _library.SaveAsync("taken", Talking, "talking-3s.mp4", null));

        Assert.Equal("avatar.exists", again.Problem.Code);
        Assert.True(_library.Delete("taken"));
        Assert.Null(_library.Find("taken"));
        Assert.False(_library.Delete("taken"));
    }

    /// <summary>Mean absolute luma change in the lower half of a face's box over all frames.</summary>
    private static double Change(List<VideoFrame> source, List<VideoFrame> rendered, AvatarFace face)
    {
        var frame = source[0];
        var (left, right) = ((int)(face.X * frame.Width), (int)((face.X + face.Width) * frame.Width));
        var (top, bottom) = ((int)((face.Y + face.Height / 2) * frame.Height), (int)((face.Y + face.Height) * frame.Height));
        double total = 0;
        long count = 0;
        for (var i = 0; i < Math.Min(source.Count, rendered.Count); i++)
            for (var y = top; y < bottom; y++)
                for (var x = left; x < right; x++)
                {
                    total += Math.Abs(Luma(source[i], x, y) - Luma(rendered[i], x, y));
                    count++;
                }
        return total / count;
    }

    private static double Luma(VideoFrame frame, int x, int y) => frame.Y[y * frame.Width + x];

    /// <summary>Avatars read back equal when every field is equal (the lists by their contents).</summary>
    private sealed class AvatarComparer : IEqualityComparer<Avatar>
    {
        public static readonly AvatarComparer Instance = new();

        public bool Equals(Avatar? x, Avatar? y) =>
            x is not null && y is not null && x.Name == y.Name && x.Hash == y.Hash && x.VideoPath == y.VideoPath
            && x.Faces.SequenceEqual(y.Faces) && x.FaceIndex == y.FaceIndex;

        public int GetHashCode(Avatar obj) => obj.Name.GetHashCode(StringComparison.Ordinal);
    }
}
