using System.Diagnostics;
using System.Text;

namespace Mouthpiece.Bench.Suite;

/// <summary>
/// The suite's markdown report: every line goes to stdout as it is measured and into <c>report.md</c> in the
/// output folder, next to the charts. Progress notes go to stderr so stdout stays pure markdown.
/// </summary>
internal sealed class SuiteReport
{
    public const string FileName = "report.md";

    private readonly StringBuilder _markdown = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public SuiteReport(string directory)
    {
        Directory = System.IO.Directory.CreateDirectory(directory).FullName;
    }

    public string Directory { get; }

    public void Line(string text = "")
    {
        _markdown.AppendLine(text);
        Console.WriteLine(text);
    }

    public void Heading(string text)
    {
        Line();
        Line("## " + text);
        Line();
    }

    public void TableHeader(params string[] columns)
    {
        TableRow(columns);
        TableRow([.. columns.Select(_ => "---")]);
    }

    public void TableRow(params string[] cells) => Line("| " + string.Join(" | ", cells) + " |");

    /// <summary>Draws a chart into the output folder and links it with a path relative to the report, which stays valid when both are copied.</summary>
    public void Chart(string fileName, string description, Action<string> draw)
    {
        draw(Path.Combine(Directory, fileName));
        Line();
        Line($"![{description}]({fileName})");
    }

    /// <summary>Writes what has been measured so far, so a run that fails late still leaves its report.</summary>
    public void Save() => File.WriteAllText(Path.Combine(Directory, FileName), _markdown.ToString());

    /// <summary>Replaces <paramref name="latestDirectory"/> with this report and its charts; only a run that got to the end gets there.</summary>
    public void Publish(string latestDirectory)
    {
        if (Path.GetFullPath(Directory) == Path.GetFullPath(latestDirectory))
            return;
        if (System.IO.Directory.Exists(latestDirectory))
            System.IO.Directory.Delete(latestDirectory, recursive: true);
        System.IO.Directory.CreateDirectory(latestDirectory);
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory).Where(file => file.EndsWith(".md", StringComparison.Ordinal) || file.EndsWith(".png", StringComparison.Ordinal)))
            File.Copy(file, Path.Combine(latestDirectory, Path.GetFileName(file)));
    }

    public void Status(string text) => Console.Error.WriteLine($"[{_clock.Elapsed:mm\\:ss}] {text}");
}
