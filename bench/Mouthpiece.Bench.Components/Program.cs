using BenchmarkDotNet.Running;
using Mouthpiece.Bench.Components;

// Without arguments every benchmark runs, so scripts need no interactive menu; otherwise BenchmarkDotNet's
// own options apply (--filter '*Landmark*', --list flat, …).
string[] arguments = args.Length == 0 ? ["--filter", "*"] : args;
BenchmarkSwitcher.FromAssembly(typeof(ComponentsConfig).Assembly).Run(arguments, ComponentsConfig.Create());
