using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Mouthpiece.Jobs;
using Mouthpiece.Media;
using Mouthpiece.Web.Jobs;
using Mouthpiece.Web.Uploads;

namespace Mouthpiece.Web.Problems;

/// <summary>
/// The one path from a failed request to its answer: an exception (a body or query value model binding could
/// not read, a refusal, a full or unwritable disk, a bug) or a bare error status (routing's 404 and 405, the
/// host filter's 400, the rate limiter's 429) becomes an RFC 9457 problem, written by <see cref="ProblemWriter"/>
/// (HeyGem's envelope on <c>/easy/*</c>). It wraps the whole pipeline, so no answer leaves without a body.
/// </summary>
public static class ProblemResponses
{
    public static IServiceCollection AddProblemResponses(this IServiceCollection services)
    {
        // Ours first: the problem details service uses the first writer that can write, and ours always can.
        services.AddSingleton<IProblemDetailsWriter, ProblemWriter>();
        services.AddProblemDetails();
        // Binding failures throw, so their reason reaches the problem instead of a bare 400.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        // Before every other startup filter, so it also wraps the host filter that WebApplication puts first.
        services.Insert(0, ServiceDescriptor.Transient<IStartupFilter, OutermostStartupFilter>());
        return services;
    }

    private sealed class OutermostStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseMiddleware<ProblemMiddleware>();
            next(app);
        };
    }

    internal sealed class ProblemMiddleware(RequestDelegate next, IProblemDetailsService problems, ILogger<ProblemMiddleware> logger)
    {
        public async Task InvokeAsync(HttpContext context)
        {
            try
            {
                await next(context);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                // The client went away; nobody is left to answer.
                return;
            }
            catch (Exception e) when (!context.Response.HasStarted)
            {
                var problem = Describe(e, context);
                if (problem.Status >= 500)
                    logger.LogError(e, "{Method} {Path} failed", context.Request.Method, context.Request.Path);
                context.Response.Clear();
                await WriteAsync(context, problem);
                return;
            }
            var response = context.Response;
            if (!response.HasStarted && response.StatusCode >= 400 && response.ContentLength is null && string.IsNullOrEmpty(response.ContentType))
                await WriteAsync(context, new ProblemDetails { Status = response.StatusCode, Title = ReasonPhrases.GetReasonPhrase(response.StatusCode) });
        }

        private async Task WriteAsync(HttpContext context, ProblemDetails problem)
        {
            context.Response.StatusCode = problem.Status!.Value;
            // The request body may not have been read to its end: close the connection rather than wait for the rest.
            if (problem.Status is StatusCodes.Status408RequestTimeout or StatusCodes.Status413PayloadTooLarge)
                context.Response.Headers.Connection = "close";
            await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
        }
    }

    /// <summary>What a failure means for the client: every refusal has its status and a reason to act on; anything else is our fault.</summary>
    internal static ProblemDetails Describe(Exception failure, HttpContext context) => failure switch
    {
        BadHttpRequestException bad => Problem(bad.StatusCode, "bad request", RequestErrors.Explain(bad, context)),
        UploadRejectedException refused => Problem(refused.StatusCode, "refused", refused.Message),
        DiskSpaceException full => Problem(StatusCodes.Status507InsufficientStorage, "disk full", ServerPaths.Hide(full.Message)!),
        StorageException unwritable => Problem(StatusCodes.Status507InsufficientStorage, "storage unavailable", ServerPaths.Hide(unwritable.Message)!),
        MediaInputException bad => Problem(StatusCodes.Status422UnprocessableEntity, "unusable input", ServerPaths.Hide(bad.Message)!),
        _ => Problem(StatusCodes.Status500InternalServerError, "internal error",
            $"The server failed on this request; its log has the details (request {context.TraceIdentifier})."),
    };

    private static ProblemDetails Problem(int status, string title, string detail) => new() { Status = status, Title = title, Detail = detail };
}
