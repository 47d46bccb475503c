using Microsoft.AspNetCore.Http.HttpResults;
using Mouthpiece.Jobs;
using Mouthpiece.Web.ApiDocs;
using Mouthpiece.Web.Jobs;

namespace Mouthpiece.Web.History;

/// <summary>Every render, newest first, a page at a time; thumbnails; deleting several at once.</summary>
public static class HistoryApi
{
    public const int DefaultPageSize = 10;

    public sealed record HistoryPage(IReadOnlyList<JobView> Items, int Page, int PageSize, int Total, int Pages);

    public sealed record DeleteJobs(IReadOnlyList<string> Ids);

    public sealed record Deleted(IReadOnlyList<string> Ids);

    public static void MapHistory(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/jobs").WithTags("History");
        group.MapGet("", ListAsync);
        group.MapPost("delete", DeleteSelectedAsync);
        group.MapGet("{id}/thumbnail", ThumbnailAsync).ProducesFile("image/jpeg");
    }

    private static async Task<Ok<HistoryPage>> ListAsync(JobSystem jobs, JobFacts facts, CancellationToken cancellationToken, int page = 1, int pageSize = DefaultPageSize)
    {
        pageSize = Math.Clamp(pageSize, 1, 100);
        // Newest first. The items of one batch share their submission time; the store lists them in the order they
        // were given, so reversed before the (stable) sort the last of them comes first.
        var all = (await jobs.Store.ListAsync(null, cancellationToken)).Where(job => job.Kind == JobKind.Render)
            .Reverse().OrderByDescending(job => job.CreatedAt).ToList();
        var pages = Math.Max(1, (all.Count + pageSize - 1) / pageSize);
        page = Math.Clamp(page, 1, pages);
        var forecasts = await jobs.ForecastAsync(cancellationToken);
        var items = all.Skip((page - 1) * pageSize).Take(pageSize).Select(job => facts.View(job, forecasts)).ToList();
        return TypedResults.Ok(new HistoryPage(items, page, pageSize, all.Count, pages));
    }

    private static async Task<Ok<Deleted>> DeleteSelectedAsync(DeleteJobs body, JobSystem jobs, JobFacts facts, CancellationToken cancellationToken)
    {
        var deleted = new List<string>();
        foreach (var id in body.Ids.Distinct(StringComparer.Ordinal))
            if (await jobs.DeleteAsync(id, cancellationToken))
            {
                facts.Forget(id);
                deleted.Add(id);
            }
        return TypedResults.Ok(new Deleted(deleted));
    }

    private static async Task<Results<PhysicalFileHttpResult, NotFound>> ThumbnailAsync(string id, JobSystem jobs, JobFacts facts, HttpContext context, CancellationToken cancellationToken)
    {
        if (await JobsApi.FindRenderAsync(jobs, id, cancellationToken) is not { } job || await facts.ThumbnailAsync(job, cancellationToken) is not { } path)
            return TypedResults.NotFound();
        context.Response.Headers.CacheControl = job.State == JobState.Done ? "private, max-age=86400" : "no-store";
        return TypedResults.PhysicalFile(path, "image/jpeg");
    }
}
