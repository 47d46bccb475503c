using System.Diagnostics;
using Mouthpiece.Media;

namespace Mouthpiece.Core.Tests.Media;

/// <summary>
/// Children die with this process and only then. The kill itself is proven end to end by the CLI and server
/// crash tests (a SIGKILLed mouthpiece leaves no ffmpeg); these pin the two ways it could go wrong.
/// </summary>
public sealed class ChildProcessesTests : IClassFixture<Scratch>
{
    private readonly Scratch _scratch;

    public ChildProcessesTests(Scratch scratch) => _scratch = scratch;

    [Fact]
    public void A_child_outlives_the_thread_that_asked_for_it()
    {
        Assert.True(ChildProcesses.DieWithParent, "setpriv (util-linux) should be installed");
        Process? child = null;
        // The parent-death signal follows the forking thread: a child forked by this short-lived thread would be killed as it ends.
        var thread = new Thread(() => child = ChildProcesses.Start(Sleep(30)));
        thread.Start();
        thread.Join();
        try
        {
            Thread.Sleep(500);
            Assert.False(child!.HasExited, "the child was killed when the thread that started it ended");
        }
        finally
        {
            child?.Kill();
            child?.WaitForExit();
            child?.Dispose();
        }
    }

    [Fact]
    public void The_sweep_kills_the_children_of_a_dead_owner_and_leaves_a_live_owners()
    {
        var registry = new ChildRegistry(_scratch.File("registry-" + Guid.NewGuid().ToString("N")[..6]));
        using var orphan = Process.Start(Sleep(30))!;
        using var kept = Process.Start(Sleep(30))!;
        using var deadOwner = Process.Start(Sleep(0))!;
        var deadOwnerStamp = ChildRegistry.Stamp(deadOwner.Id)!;
        deadOwner.WaitForExit();
        Record(registry, deadOwnerStamp, orphan);
        Record(registry, ChildRegistry.Stamp(Environment.ProcessId)!, kept);
        try
        {
            Assert.Equal(1, registry.SweepOrphans());

            Assert.True(orphan.WaitForExit(5000), "the dead owner's child still runs");
            Assert.False(kept.HasExited);
            Assert.False(Directory.Exists(Path.Combine(registry.Root, deadOwnerStamp)));
        }
        finally
        {
            kept.Kill();
            kept.WaitForExit();
        }
    }

    [Fact]
    public void An_owner_another_process_swept_first_is_no_failure()
    {
        var vanished = Path.Combine(_scratch.File("registry-" + Guid.NewGuid().ToString("N")[..6]), "10486-8014078");

        Assert.Equal(0, ChildRegistry.SweepDeadOwner(vanished));
    }

    [Fact]
    public void A_missing_tool_says_to_install_it()
    {
        var error = Assert.Throws<InvalidOperationException>(() => FfmpegProcess.Start("ffmpeg-that-is-not-installed", []));
        Assert.Contains("install ffmpeg", error.Message, StringComparison.Ordinal);
    }

    private static ProcessStartInfo Sleep(int seconds)
    {
        var start = new ProcessStartInfo("sleep");
        start.ArgumentList.Add(seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return start;
    }

    private static void Record(ChildRegistry registry, string ownerStamp, Process child)
    {
        var owner = Directory.CreateDirectory(Path.Combine(registry.Root, ownerStamp)).FullName;
        File.Create(Path.Combine(owner, ChildRegistry.Stamp(child.Id)!)).Dispose();
    }
}
