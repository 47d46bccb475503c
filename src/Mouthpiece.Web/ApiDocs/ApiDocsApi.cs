using Scalar.AspNetCore;

namespace Mouthpiece.Web.ApiDocs;

/// <summary>
/// The OpenAPI document (<c>/openapi/v1.json</c>) and the page that reads it (<c>/docs</c>, Scalar, served from the
/// package itself: nothing is fetched from elsewhere). Schemas come from each endpoint's typed results and
/// <c>Produces</c> metadata, so an endpoint documents itself, with examples from <see cref="ApiExamples"/>; <c>ApiDocsTests</c> fails when one does not.
/// </summary>
public static class ApiDocsApi
{
    public const string DocsPath = "/docs";

    public static IServiceCollection AddApiDocs(this IServiceCollection services) =>
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Mouthpiece";
            document.Info.Description = "Speech + a video of a person → an MP4 where the mouth speaks the speech. "
                + "Upload files, submit renders or batches by upload id, follow them live (GET /api/events), download the results.";
            return Task.CompletedTask;
        }).AddSchemaTransformer(ApiExamples.AddAsync));

    public static void MapApiDocs(this WebApplication app)
    {
        // The one document, by its name only: the endpoint would otherwise take a name from the query and answer
        // an unknown one with a text 404 of its own.
        app.MapOpenApi("/openapi/v1.json").AddEndpointFilter((context, next) =>
        {
            for (var i = 0; i < context.Arguments.Count; i++)
                if (context.Arguments[i] is string)
                    context.Arguments[i] = "v1";
            return next(context);
        });
        app.MapScalarApiReference(DocsPath, options =>
        {
            options.WithTitle("Mouthpiece API").WithOpenApiRoutePattern("/openapi/{documentName}.json").DisableDefaultFonts()
                .WithOperationTitleSource(OperationTitleSource.Path).ExpandAllTags();
            // Nothing leaves the machine: no web fonts, no telemetry; the script is the package's own copy.
            options.Telemetry = false;
        });
    }

    /// <summary>A download: the file's bytes with <paramref name="contentType"/>, or 404.</summary>
    public static RouteHandlerBuilder ProducesFile(this RouteHandlerBuilder endpoint, string contentType) =>
        endpoint.Produces<Stream>(StatusCodes.Status200OK, contentType).Produces(StatusCodes.Status404NotFound);
}
