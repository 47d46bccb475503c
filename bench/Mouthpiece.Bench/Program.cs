using Mouthpiece.Bench;
using Mouthpiece.Bench.Quality;
using Mouthpiece.Bench.Suite;

// One entry per benchmark; bench/README.md says what each measures.
var quick = args.Contains("--quick");
switch (args.FirstOrDefault())
{
    case "suite":
        await BenchmarkSuite.RunAsync(quick ? SuitePlan.Quick : SuitePlan.Full, OptionValue("--out") ?? DefaultOutDirectory(),
            OptionValue("--only")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        break;
    case "quality":
        await QualitySuite.RunAsync(OptionValue("--out") ?? DefaultOutDirectory() + "-quality", OptionValue("--only"));
        break;
    case "pipes":
        await FramePipeBenchmark.RunAsync(seconds: quick ? 3 : 10, repeats: quick ? 1 : 3, heights: quick ? [480] : [720, 1080]);
        break;
    case "aperture" when args.Length == 3:
        await InnerLipApertureSeries.RunAsync(args[1], args[2]);
        break;
    case "track" when args.Length == 2:
        await FaceTrackingTiming.RunAsync(args[1]);
        break;
    case "jobs":
        await JobsBenchmark.RunAsync(batchSize: quick ? 4 : 10);
        break;
    case "cluster":
        await ClusterBenchmark.RunAsync(quick);
        break;
    default:
        Console.WriteLine("usage: Mouthpiece.Bench suite [--quick] [--only N,N] [--out DIR] | quality [--out DIR] [--only NAME] | pipes|jobs|cluster [--quick] | track VIDEO | aperture VIDEO OUT.csv   (see bench/README.md)");
        break;
}

string? OptionValue(string name) => args.SkipWhile(arg => arg != name).Skip(1).FirstOrDefault();

static string DefaultOutDirectory() =>
    Path.Combine(BenchMedia.RepositoryRoot, "bench", "results", DateTime.UtcNow.ToString("yyyy-MM-dd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture));
