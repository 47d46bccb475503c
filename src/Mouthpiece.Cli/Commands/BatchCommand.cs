using System.CommandLine;
using Mouthpiece.Jobs;
using Mouthpiece.Messages;

namespace Mouthpiece.Cli.Commands;

/// <summary>
/// <c>mouthpiece batch</c>: one audio for many videos, or many audios for one video, run through the job
/// system on the data directory. Each finished item is copied to the output folder at once, never over a file
/// that is there unless --overwrite; the exit code is 0 only if every item succeeded.
/// </summary>
internal static class BatchCommand
{
    public static Command Create()
    {
        var audio = new Option<string?>("--audio") { Description = "One speech recording for every video" };
        var videos = new Option<string[]>("--videos") { Description = "Videos to make speak --audio", AllowMultipleArgumentsPerToken = true };
        var audios = new Option<string[]>("--audios") { Description = "Speech recordings for --video to speak, one output each", AllowMultipleArgumentsPerToken = true };
        var video = new Option<string?>("--video") { Description = "One video for every audio" };
        var outDir = new Option<string>("--out-dir") { Description = "Folder for the outputs, named VIDEO+AUDIO.mp4; a name the folder has gets a number", Required = true };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace files of the same name in --out-dir instead of numbering the new ones" };
        var concurrency = WorkerCommand.ConcurrencyOption();
        var faceIndex = new Option<int?>("--face-index") { Description = "Animate this face (0 = leftmost) instead of the main speaker" };
        var command = new Command("batch", "Render many videos through the job queue, with a live table and a summary")
        {
            audio, videos, audios, video, outDir, overwrite, concurrency, faceIndex,
        };
        command.SetAction((parse, cancel) => CommandRunner.RunAsync(async () =>
        {
            var options = new JobOptions { FaceIndex = parse.GetValue(faceIndex) };
            var requests = Requests(parse.GetValue(audio), parse.GetValue(videos), parse.GetValue(audios), parse.GetValue(video), options);
            await SpeechWarnings.PrintAsync(requests.Select(request => request.AudioPath).Distinct().ToList(), cancel);
            var system = await JobSystem.OpenAsync(CommonOptions.ResolveData(parse), WorkerCommand.Options(parse, concurrency), cancel);
            var target = Directory.CreateDirectory(parse.GetValue(outDir)!).FullName;
            var jobs = await system.SubmitBatchAsync(requests, cancel);
            var collector = new BatchCollector(target, parse.GetValue(overwrite), [.. jobs.Zip(requests, (job, request) => (job.Id, request.NameOrDefault))]);
            var finished = await RunAsync(system, jobs[0].BatchId!, collector, cancel);
            return BatchSummary.Print(finished, collector) ? CommandRunner.Success : CommandRunner.Failure;
        }));
        return command;
    }

    private static List<JobRequest> Requests(string? audio, string[]? videos, string[]? audios, string? video, JobOptions options)
    {
        if (audio is not null && videos is { Length: > 0 } && audios is not { Length: > 0 } && video is null)
            return [.. JobRequest.OneAudioManyVideos(audio, videos, options)];
        if (audios is { Length: > 0 } && video is not null && audio is null && videos is not { Length: > 0 })
            return [.. JobRequest.ManyAudiosOneVideo(audios, video, options)];
        throw new ProblemException(Codes.Cli.BatchInputs());
    }

    /// <summary>Runs workers here until every item of the batch is final; on Ctrl+C cancels the batch first.</summary>
    private static async Task<IReadOnlyList<Job>> RunAsync(JobSystem system, string batchId, BatchCollector collector, CancellationToken cancel)
    {
        using var stopWorkers = new CancellationTokenSource();
        var workers = system.RunWorkersAsync(stopWorkers.Token);
        try
        {
            return await BatchTable.ShowAsync(collector.FileName, async update =>
            {
                while (true)
                {
                    var jobs = await system.Store.ListAsync(batchId, CancellationToken.None);
                    await collector.CopyFinishedAsync(jobs, CancellationToken.None);
                    update(jobs, await system.ForecastAsync(CancellationToken.None));
                    if (jobs.All(job => job.IsFinal))
                        return jobs;
                    await Task.Delay(TimeSpan.FromMilliseconds(250), cancel);
                }
            });
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            await system.CancelBatchAsync(batchId, CancellationToken.None);
            throw;
        }
        finally
        {
            await stopWorkers.CancelAsync();
            await workers;
        }
    }
}
