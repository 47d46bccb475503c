using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Mouthpiece.Jobs;
using Mouthpiece.Media;
using Mouthpiece.Messages;
using Mouthpiece.Web.Localization;
using Mouthpiece.Web.Uploads;

namespace Mouthpiece.Web.Requests;

/// <summary>
/// The one path from a failed request to its answer: an exception (a body or query value model binding could
/// not read, a refusal, a full or unwritable disk, a bug) or a bare error status (routing's 404 and 405, the
/// host filter's 400, an empty 401) becomes a problem with a code, its parameters and a message in the request's
/// language (<see cref="Localization.Problems"/>), written by <see cref="ProblemWriter"/>: RFC 9457 JSON, or
/// HeyGem's envelope on <c>/easy/*</c>. It wraps the whole pipeline, so no answer leaves without a body.
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

    internal sealed class ProblemMiddleware(RequestDelegate next, ILogger<ProblemMiddleware> logger)
    {
        public async Task InvokeAsync(HttpContext context)
        {
            try
            {
                await next(context);
            }
            catch (Exception) when (context.RequestAborted.IsCancellationRequested)
            {
                // The client went away; nobody is left to answer.
                return;
            }
            catch (Exception e) when (!context.Response.HasStarted)
            {
                var (status, title, problem) = Describe(e, context);
                if (status >= 500)
                    logger.LogError(e, "{Method} {Path} failed", context.Request.Method, context.Request.Path);
                context.Response.Clear();
                await WriteAsync(context, status, title, problem);
                return;
            }
            var response = context.Response;
            if (!response.HasStarted && response.StatusCode >= 400 && response.ContentLength is null && string.IsNullOrEmpty(response.ContentType))
                await WriteAsync(context, response.StatusCode, ReasonPhrases.GetReasonPhrase(response.StatusCode), ForStatus(response.StatusCode));
        }

        private static async Task WriteAsync(HttpContext context, int status, string title, Message problem)
        {
            // Worded in the request's language here too: the language the app pipeline chose does not flow back out to this.
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(LanguageApi.Preferred(context.Request));
            // The request body may not have been read to its end: close the connection rather than wait for the rest.
            if (status is StatusCodes.Status408RequestTimeout or StatusCodes.Status413PayloadTooLarge)
                context.Response.Headers.Connection = "close";
            await Problems.Of(status, title, problem).ExecuteAsync(context);
        }
    }

    /// <summary>What a failure means for the client: every refusal has its status and a reason to act on; anything else is our fault.</summary>
    internal static (int Status, string Title, Message Problem) Describe(Exception failure, HttpContext context) => failure switch
    {
        BadHttpRequestException bad => (bad.StatusCode, "bad request", RequestErrors.Explain(bad, context)),
        UploadRejectedException refused => (refused.StatusCode, "refused", refused.Problem),
        DiskSpaceException full => (StatusCodes.Status507InsufficientStorage, "disk full", full.Problem),
        StorageException unwritable => (StatusCodes.Status507InsufficientStorage, "storage unavailable", unwritable.Problem),
        MediaInputException bad => (StatusCodes.Status422UnprocessableEntity, "unusable input", Codes.Uploads.Unusable(Path.GetFileName(bad.FilePath), bad.Problem)),
        _ => (StatusCodes.Status500InternalServerError, "internal error", Codes.Requests.Internal(context.TraceIdentifier)),
    };

    /// <summary>The words for a status some part of the server answered without any.</summary>
    private static Message ForStatus(int status) => status switch
    {
        StatusCodes.Status404NotFound => Codes.Requests.NotFound(),
        StatusCodes.Status405MethodNotAllowed => Codes.Requests.MethodNotAllowed(),
        // Only the host filter, ahead of everything else, answers a bare 400.
        StatusCodes.Status400BadRequest => Codes.Requests.HostRefused(),
        StatusCodes.Status401Unauthorized => Codes.Security.ApiKeyRequired(Security.ApiKeyGuard.Header),
        _ => Codes.Requests.Refused(status),
    };
}
