using Mouthpiece.Bench;

// One entry per benchmark; bench/README.md says what each measures.
var quick = args.Contains("--quick");
switch (args.FirstOrDefault())
{
    case "pipes":
        await FramePipeBenchmark.RunAsync(seconds: quick ? 3 : 10, repeats: quick ? 1 : 3, heights: quick ? [480] : [720, 1080]);
        break;
    case "render":
        await RenderBenchmark.RunAsync(quick, measureMemory: !quick && !args.Contains("--skip-memory"));
        break;
    case "components":
        await ComponentTimings.RunAsync(frameCount: quick ? 30 : 90);
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
    default:
        Console.WriteLine("usage: Mouthpiece.Bench pipes|components|render|jobs [--quick] [--skip-memory] | track VIDEO | aperture VIDEO OUT.csv   (see bench/README.md)");
        break;
}
