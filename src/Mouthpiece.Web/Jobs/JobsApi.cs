using System.Globalization;
using System.IO.Compression;
using Microsoft.AspNetCore.Http.HttpResults;
using Mouthpiece.Jobs;
using Mouthpiece.Messages;
using Mouthpiece.Web.ApiDocs;
using Mouthpiece.Web.Localization;
using Mouthpiece.Web.Previews;
using Mouthpiece.Web.Uploads;

namespace Mouthpiece.Web.Jobs;

/// <summary>Single renders and batches: submit, look, cancel, retry, delete, download one output or a batch's zip.</summary>
public static class JobsApi
{
    public static IServiceCollection AddJobs(this IServiceCollection services)
    {
        services.AddSingleton<JobSystemHost>();
        services.AddHostedService(services => services.GetRequiredService<JobSystemHost>());
        services.AddSingleton(services => services.GetRequiredService<JobSystemHost>().System);
        services.AddSingleton<JobRequests>();
        services.AddSingleton<JobFacts>();
        services.AddSingleton<PosterFrames>();
        return services;
    }

    public static void MapJobs(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/jobs").WithTags("Jobs");
        group.MapPost("", SubmitAsync).Produces<JobView>(StatusCodes.Status202Accepted).ProducesRefusals();
        group.MapGet("{id}", GetAsync);
        group.MapPost("{id}/cancel", CancelAsync);
        group.MapPost("{id}/retry", RetryAsync);
        group.MapDelete("{id}", DeleteAsync);
        group.MapGet("{id}/output", OutputAsync).ProducesFile("video/mp4");
        group.MapGet("{id}/subtitles/{format}", SubtitlesAsync).ProducesFile("text/plain");
        group.MapGet("{id}/sync.png", SyncChartAsync).ProducesFile("image/png");
    }

    public static void MapBatches(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/batches").WithTags("Batches");
        group.MapPost("", SubmitBatchAsync).Produces<BatchView>(StatusCodes.Status202Accepted).ProducesRefusals();
        group.MapGet("{id}", GetBatchAsync);
        group.MapPost("{id}/cancel", CancelBatchAsync);
        group.MapGet("{id}/zip", ZipAsync).ProducesFile("application/zip").Produces(StatusCodes.Status404NotFound);
    }

    /// <summary>What a refused submission answers (the problem path of <c>Requests/</c>), for the API's description.</summary>
    private static RouteHandlerBuilder ProducesRefusals(this RouteHandlerBuilder endpoint) => endpoint
        .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
        .ProducesProblem(StatusCodes.Status507InsufficientStorage);

    private static async Task<Accepted<JobView>> SubmitAsync(SubmitJob body, JobRequests requests, JobSystem jobs, CancellationToken cancellationToken)
    {
        var job = await jobs.SubmitAsync(await requests.SingleAsync(body, cancellationToken), cancellationToken);
        return TypedResults.Accepted($"/api/jobs/{job.Id}", JobView.From(job, await jobs.ForecastAsync(cancellationToken)));
    }

    private static async Task<Accepted<BatchView>> SubmitBatchAsync(SubmitBatch body, JobRequests requests, JobSystem jobs, CancellationToken cancellationToken)
    {
        var submitted = await jobs.SubmitBatchAsync(await requests.BatchAsync(body, cancellationToken), cancellationToken);
        var batchId = submitted[0].BatchId!;
        return TypedResults.Accepted($"/api/batches/{batchId}", Batch(batchId, submitted, await jobs.ForecastAsync(cancellationToken)));
    }

    private static async Task<Results<Ok<JobView>, NotFound>> GetAsync(string id, JobSystem jobs, JobFacts facts, CancellationToken cancellationToken) =>
        await FindRenderAsync(jobs, id, cancellationToken) is { } job
            ? TypedResults.Ok(facts.View(job, await jobs.ForecastAsync(cancellationToken)))
            : TypedResults.NotFound();

    private static async Task<Results<Ok<JobView>, NotFound, ProblemHttpResult>> CancelAsync(string id, JobSystem jobs, CancellationToken cancellationToken)
    {
        if (await FindRenderAsync(jobs, id, cancellationToken) is null)
            return TypedResults.NotFound();
        if ((await jobs.CancelAsync([id], cancellationToken)).Count == 0)
            return Problems.Of(StatusCodes.Status409Conflict, "already finished", Codes.Jobs.AlreadyFinished());
        return TypedResults.Ok(JobView.From((await jobs.Store.GetAsync(id, cancellationToken))!, await jobs.ForecastAsync(cancellationToken)));
    }

    private static async Task<Results<Ok<JobView>, NotFound, ProblemHttpResult>> RetryAsync(string id, JobSystem jobs, CancellationToken cancellationToken)
    {
        if (await FindRenderAsync(jobs, id, cancellationToken) is null)
            return TypedResults.NotFound();
        if (!await jobs.RetryAsync(id, cancellationToken))
            return Problems.Of(StatusCodes.Status409Conflict, "not retryable", Codes.Jobs.NotRetryable());
        return TypedResults.Ok(JobView.From((await jobs.Store.GetAsync(id, cancellationToken))!, await jobs.ForecastAsync(cancellationToken)));
    }

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(string id, JobSystem jobs, JobFacts facts, CancellationToken cancellationToken)
    {
        if (!await jobs.DeleteAsync(id, cancellationToken))
            return TypedResults.NotFound();
        facts.Forget(id);
        return TypedResults.NoContent();
    }

    private static async Task<Results<PhysicalFileHttpResult, NotFound>> OutputAsync(string id, JobSystem jobs, CancellationToken cancellationToken) =>
        await FindRenderAsync(jobs, id, cancellationToken) is { State: JobState.Done } job && File.Exists(job.OutputPath)
            ? Downloads.Attachment(job.OutputPath, job.OutputName, "video/mp4")
            : TypedResults.NotFound();

    /// <summary>The finished render's subtitles, <c>srt</c> or <c>vtt</c>, named after its output.</summary>
    private static async Task<Results<PhysicalFileHttpResult, NotFound>> SubtitlesAsync(string id, string format, JobSystem jobs, CancellationToken cancellationToken)
    {
        if (await FindRenderAsync(jobs, id, cancellationToken) is not { State: JobState.Done } job)
            return TypedResults.NotFound();
        var (path, type) = format switch
        {
            "srt" => (JobSystem.SrtPath(job), "application/x-subrip; charset=utf-8"),
            "vtt" => (JobSystem.VttPath(job), "text/vtt; charset=utf-8"),
            _ => ("", ""),
        };
        return File.Exists(path) ? Downloads.Attachment(path, Path.ChangeExtension(job.OutputName, "." + format), type) : TypedResults.NotFound();
    }

    /// <summary>The finished render's sync chart, worded in <paramref name="lang"/> ("en" or "zh-CN"; default the request's language).</summary>
    private static async Task<Results<FileContentHttpResult, NotFound>> SyncChartAsync(string id, string? lang, JobSystem jobs, CancellationToken cancellationToken)
    {
        if (await FindRenderAsync(jobs, id, cancellationToken) is not { State: JobState.Done } job
            || await SyncChart.ReadAsync(JobSystem.ReportPath(job), cancellationToken) is not { } report)
            return TypedResults.NotFound();
        return TypedResults.File(SyncChart.Png(report, Catalog.For(lang ?? CultureInfo.CurrentUICulture.Name)), "image/png");
    }

    private static async Task<Results<Ok<BatchView>, NotFound>> GetBatchAsync(string id, JobSystem jobs, JobFacts facts, CancellationToken cancellationToken)
    {
        var items = await jobs.Store.ListAsync(id, cancellationToken);
        return items.Count == 0 ? TypedResults.NotFound() : TypedResults.Ok(Batch(id, items, await jobs.ForecastAsync(cancellationToken), facts));
    }

    private static async Task<Results<Ok<BatchView>, NotFound>> CancelBatchAsync(string id, JobSystem jobs, CancellationToken cancellationToken)
    {
        if ((await jobs.Store.ListAsync(id, cancellationToken)).Count == 0)
            return TypedResults.NotFound();
        await jobs.CancelBatchAsync(id, cancellationToken);
        return TypedResults.Ok(Batch(id, await jobs.Store.ListAsync(id, cancellationToken), await jobs.ForecastAsync(cancellationToken)));
    }

    /// <summary>Streams the batch's finished outputs as one zip, written as it is sent (mp4 is stored, not recompressed).</summary>
    private static async Task<IResult> ZipAsync(string id, HttpContext context, JobSystem jobs, CancellationToken cancellationToken)
    {
        var done = (await jobs.Store.ListAsync(id, cancellationToken))
            .Where(job => job.Kind == JobKind.Render && job.State == JobState.Done && File.Exists(job.OutputPath)).ToList();
        if (done.Count == 0)
            return TypedResults.NotFound();
        var response = context.Response;
        response.ContentType = "application/zip";
        response.Headers.ContentDisposition = $"attachment; filename=\"mouthpiece-batch-{SafeName.Of(id)}.zip\"";
        await using var body = new PendingWritesStream(response.Body);
        await using (var zip = await ZipArchive.CreateAsync(body, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, cancellationToken))
        {
            foreach (var (job, name) in done.Zip(ZipEntryNames(done)))
            {
                // Subtitles beside their video, as on disk: NAME.srt, NAME.vtt.
                foreach (var subtitles in JobSystem.SubtitlePaths(job))
                    await AddEntryAsync(zip, subtitles, Path.ChangeExtension(name, Path.GetExtension(subtitles)), CompressionLevel.Optimal, cancellationToken);
                await AddEntryAsync(zip, job.OutputPath, name, CompressionLevel.NoCompression, cancellationToken);
            }
        }
        return TypedResults.Empty;
    }

    private static async Task AddEntryAsync(ZipArchive zip, string path, string name, CompressionLevel compression, CancellationToken cancellationToken)
    {
        var entry = zip.CreateEntry(name, compression);
        await using var target = await entry.OpenAsync(cancellationToken);
        await using var source = File.OpenRead(path);
        await source.CopyToAsync(target, cancellationToken);
    }

    /// <summary>The results' own names (unique in the data directory already); renumbered only for results named before the rule.</summary>
    internal static IReadOnlyList<string> ZipEntryNames(IEnumerable<Job> jobs) =>
        OutputNames.UniqueAll(jobs.Select(job => SafeName.Of(job.OutputName, "result.mp4")), _ => false);

    internal static async Task<Job?> FindRenderAsync(JobSystem jobs, string id, CancellationToken cancellationToken) =>
        await jobs.Store.GetAsync(id, cancellationToken) is { Kind: JobKind.Render } job ? job : null;

    private static BatchView Batch(string id, IReadOnlyList<Job> jobs, JobForecasts forecasts, JobFacts? facts = null)
    {
        var items = jobs.Where(job => job.Kind == JobKind.Render).ToList();
        var renders = items.Select(job => facts?.View(job, forecasts) ?? JobView.From(job, forecasts)).ToList();
        return new BatchView(
            id, renders, renders.Count(j => j.State == JobState.Done), renders.Count(j => j.State == JobState.Failed),
            renders.Count(j => j.State == JobState.Canceled), JobView.Seconds(forecasts.Remaining(items)), $"/api/batches/{id}/zip");
    }
}
