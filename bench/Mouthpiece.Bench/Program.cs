using Mouthpiece.Bench;

// One entry per benchmark; bench/README.md says what each measures.
var quick = args.Contains("--quick");
switch (args.FirstOrDefault())
{
    case "pipes":
        await FramePipeBenchmark.RunAsync(seconds: quick ? 3 : 10, repeats: quick ? 1 : 3, heights: quick ? [480] : [720, 1080]);
        break;
    case "components":
        await ComponentTimings.RunAsync(frameCount: quick ? 30 : 90);
        break;
    case "jobs":
        await JobsBenchmark.RunAsync(batchSize: quick ? 4 : 10);
        break;
    default:
        Console.WriteLine("usage: Mouthpiece.Bench pipes|components|jobs [--quick]   (see bench/README.md)");
        break;
}
