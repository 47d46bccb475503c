using System.CommandLine;
using Mouthpiece.Devices;
using Mouthpiece.Jobs;
using Mouthpiece.Messages;
using Mouthpiece.Speech;
using Mouthpiece.Web.Logging;

namespace Mouthpiece.Cli.Commands;

/// <summary>
/// <c>mouthpiece batch</c>: one speech (a recording or a script) for many videos, or many speeches for one video, run
/// through the job system on the data directory. Each finished item is copied to the output folder at once, never
/// over a file that is there unless --overwrite; the exit code is 0 only if every item succeeded.
/// </summary>
internal static class BatchCommand
{
    public static Command Create()
    {
        var audio = new Option<string?>("--audio") { Description = "One speech recording for every video" };
        var videos = new Option<string[]>("--videos") { Description = "Videos to make speak --audio (or --text/--text-file)", AllowMultipleArgumentsPerToken = true };
        var audios = new Option<string[]>("--audios") { Description = "Speech recordings for --video to speak, one output each", AllowMultipleArgumentsPerToken = true };
        var textFiles = new Option<string[]>("--text-files") { Description = "Scripts (UTF-8 text files) for --video to speak, one output each", AllowMultipleArgumentsPerToken = true };
        var video = new VideoChoice();
        var outDir = new Option<string>("--out-dir") { Description = "Folder for the outputs, named VIDEO+AUDIO.mp4; a name the folder has gets a number", Required = true };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace files of the same name in --out-dir instead of numbering the new ones" };
        var concurrency = WorkerCommand.ConcurrencyOption();
        var faceIndex = new Option<int?>("--face-index") { Description = "Animate this face (0 = leftmost) instead of the main speaker" };
        var engine = CommonOptions.EngineOption();
        var model = CommonOptions.ModelOption();
        var device = CommonOptions.DeviceOption();
        var speech = new SpeechOptions();
        var outputSettings = new OutputOptions();
        var command = new Command("batch", "Render many videos through the job queue, with a live table and a summary")
        {
            audio, videos, audios, textFiles, video.Video, video.Avatar, outDir, overwrite, concurrency, faceIndex, engine, model, device,
        };
        foreach (var option in speech.All.Concat(outputSettings.All))
            command.Options.Add(option);
        command.SetAction((parse, cancel) => CommandRunner.RunAsync(async () =>
        {
            var script = await speech.ScriptAsync(parse, cancel);
            var scripts = await ScriptsAsync(parse.GetValue(textFiles), parse.GetValue(speech.Voice), cancel);
            var subtitles = speech.SubtitleRequest(parse, script is not null || scripts.Count > 0);
            var choice = CommonOptions.ResolveEngine(parse, engine, model);
            var person = video.Resolve(parse, CommonOptions.ResolveData(parse), parse.GetValue(faceIndex));
            var options = new JobOptions
            {
                FaceIndex = person?.FaceIndex ?? parse.GetValue(faceIndex),
                Engine = choice.Name,
                ModelPath = choice.ModelPath is { } path ? Path.GetFullPath(path) : null,
                Device = parse.GetValue(device) is not null ? CommonOptions.ResolveDevice(parse, device).Name() : null,
                Subtitles = subtitles.Formats,
                RetimeScript = subtitles.Retime,
                Output = outputSettings.Resolve(parse),
            };
            var shape = new BatchShape(parse.GetValue(audio), parse.GetValue(videos) ?? [], parse.GetValue(audios) ?? [], scripts, script, person?.Path);
            var requests = Requests(shape, options, subtitles.ScriptPath);
            if (person is { } chosen)
                requests = [.. requests.Select(request => request with { VideoName = chosen.Name, VideoHash = chosen.Hash })];
            var tts = CommonOptions.ResolveTtsService(parse);
            // A voice that does not exist fails the whole batch now, not each item later.
            foreach (var spoken in requests.Select(r => r.Script).OfType<Script>())
                Voices.Resolve(spoken.Voice, spoken.Text, tts);
            await SpeechWarnings.PrintAsync([.. requests.Select(request => request.AudioPath).OfType<string>().Distinct()], cancel);
            var data = CommonOptions.ResolveData(parse).EnsureCreated();
            using var logging = MouthpieceLogging.CreateFactory(data);
            var system = await JobSystem.OpenAsync(data, WorkerCommand.Options(parse, concurrency, device), logging, cancel);
            var target = Directory.CreateDirectory(parse.GetValue(outDir)!).FullName;
            var jobs = await system.SubmitBatchAsync(requests, cancel);
            var collector = new BatchCollector(target, parse.GetValue(overwrite), [.. jobs.Zip(requests, (job, request) => (job.Id, request.NameOrDefault))]);
            var finished = await RunAsync(system, jobs[0].BatchId!, collector, cancel);
            return BatchSummary.Print(finished, collector) ? CommandRunner.Success : CommandRunner.Failure;
        }));
        return command;
    }

    /// <summary>What the command line gave: recordings or scripts on one side, videos on the other.</summary>
    private sealed record BatchShape(string? Audio, string[] Videos, string[] Audios, IReadOnlyList<Script> Scripts, Script? Script, string? Video);

    private static async Task<IReadOnlyList<Script>> ScriptsAsync(string[]? files, string? voice, CancellationToken cancellationToken)
    {
        var scripts = new List<Script>();
        foreach (var file in files ?? [])
            scripts.Add(await Script.FromFileAsync(file, voice, cancellationToken));
        return scripts;
    }

    private static List<JobRequest> Requests(BatchShape shape, JobOptions options, string? subtitleScript)
    {
        var speeches = (shape.Audio is null ? 0 : 1) + (shape.Script is null ? 0 : 1) + (shape.Audios.Length > 0 ? 1 : 0) + (shape.Scripts.Count > 0 ? 1 : 0);
        if (speeches == 1 && shape.Videos.Length > 0 && shape.Video is null)
        {
            if (shape.Audio is not null)
                return [.. JobRequest.OneAudioManyVideos(shape.Audio, shape.Videos, options).Select(r => r with { SubtitleScriptPath = subtitleScript })];
            if (shape.Script is not null)
                return [.. JobRequest.OneScriptManyVideos(shape.Script, shape.Videos, options)];
        }
        if (speeches == 1 && shape.Video is not null && shape.Videos.Length == 0 && subtitleScript is null)
        {
            if (shape.Audios.Length > 0)
                return [.. JobRequest.ManyAudiosOneVideo(shape.Audios, shape.Video, options)];
            if (shape.Scripts.Count > 0)
                return [.. JobRequest.ManyScriptsOneVideo(shape.Scripts, shape.Video, options)];
        }
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
