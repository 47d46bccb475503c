using System.Globalization;
using Mouthpiece.Bench;

// One entry per benchmark; bench/README.md says what each measures.
switch (args)
{
    case ["pipes", ..]:
        var quick = args.Contains("--quick");
        await FramePipeBenchmark.RunAsync(seconds: quick ? 3 : 10, repeats: quick ? 1 : 3, heights: quick ? [480] : [720, 1080]);
        break;
    case ["faces", var video, ..]:
        FaceDetectionTiming.Run(video, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 90);
        break;
    case ["track", var video]:
        await FaceTrackingTiming.RunAsync(video);
        break;
    default:
        Console.WriteLine("usage: Mouthpiece.Bench pipes [--quick] | faces VIDEO [FRAMES] | track VIDEO   (see bench/README.md)");
        break;
}
