using System.Globalization;
using Mouthpiece.Bench;

if (args is ["faces", var video, ..])
{
    FaceDetectionTiming.Run(video, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 90);
    return;
}
Console.WriteLine("usage: see bench/README.md");
