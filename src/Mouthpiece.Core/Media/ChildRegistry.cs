using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Mouthpiece.Media;

/// <summary>
/// A record, per process and on this machine, of the children it runs: a folder per owner process holding an
/// empty file per running child. Both are named by process id and start time, so a reused process id is never
/// mistaken for the process that was recorded. <see cref="SweepOrphans"/> kills the children of owners that are gone.
/// </summary>
public sealed class ChildRegistry(string root)
{
    private const int SigKill = 9;

    /// <summary>Per user, in the system's temporary folder: process ids mean something on this machine only.</summary>
    public static ChildRegistry Default { get; } = new(Path.Combine(Path.GetTempPath(), $"mouthpiece-children-{Environment.UserName}"));

    public string Root { get; } = root;

    private string OwnDirectory => Path.Combine(Root, Stamp(Environment.ProcessId) ?? Environment.ProcessId.ToString(CultureInfo.InvariantCulture));

    public void Record(Process child)
    {
        // A child that is already gone needs no record.
        if (!OperatingSystem.IsLinux() || Stamp(child.Id) is not { } stamp)
            return;
        try
        {
            Directory.CreateDirectory(OwnDirectory);
            File.Create(Path.Combine(OwnDirectory, stamp)).Dispose();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The registry is the second line of defence; a child must still start when it cannot be written.
        }
    }

    public void Forget(int childId)
    {
        try
        {
            foreach (var file in Directory.EnumerateFiles(OwnDirectory, $"{childId}-*"))
                File.Delete(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Seen in the full suite: the folder had gone (another process's sweep) and a finished render failed
            // on its clean-up. A record that cannot be removed must never fail the work it was kept for.
        }
    }

    /// <summary>Kills the recorded children of processes that no longer run; returns how many were killed.</summary>
    public int SweepOrphans()
    {
        if (!OperatingSystem.IsLinux() || !Directory.Exists(Root))
            return 0;
        return Directory.EnumerateDirectories(Root)
            .Where(owner => !IsRunning(Path.GetFileName(owner)))
            .Sum(SweepDeadOwner);
    }

    /// <summary>
    /// Kills and forgets the children recorded under <paramref name="owner"/>. Every process on the machine sweeps
    /// the same folders as it starts, so the folder or its files may vanish under this one: that is no failure.
    /// CI saw one: a sweep threw, and since it runs once per process every child start after it failed with it.
    /// </summary>
    internal static int SweepDeadOwner(string owner)
    {
        var killed = 0;
        try
        {
            foreach (var child in Directory.EnumerateFiles(owner))
            {
                if (IsRunning(Path.GetFileName(child)) && Kill(Path.GetFileName(child)))
                    killed++;
                File.Delete(child);
            }
            Directory.Delete(owner);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Another process swept (or is sweeping) this owner; whichever is last removes the folder.
        }
        return killed;
    }

    /// <summary>"PID-STARTTIME" of a running process, or null when there is none with that id.</summary>
    internal static string? Stamp(int processId)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{processId}/stat");
            // The command name in parentheses may hold spaces; fields after it are plain. Start time is field 22.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return $"{processId}-{fields[19]}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private static bool IsRunning(string stamp) =>
        int.TryParse(stamp.Split('-')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id) && Stamp(id) == stamp;

    private static bool Kill(string stamp) =>
        int.TryParse(stamp.Split('-')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id) && SendSignal(id, SigKill) == 0;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int processId, int signal);
}
