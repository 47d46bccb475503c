using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Mouthpiece.Messages;
using Mouthpiece.Web.ApiDocs;
using Mouthpiece.Web.Localization;
using Mouthpiece.Web.Previews;
using Mouthpiece.Web.Storage;

namespace Mouthpiece.Web.Uploads;

/// <summary>
/// <c>POST /api/uploads?kind=video&amp;name=clip.mp4</c> with the file as the raw body (so the page can show
/// upload progress and the server can stream to disk), then the probe result; preview and delete by id.
/// </summary>
public static class UploadsApi
{
    public static IServiceCollection AddUploads(this IServiceCollection services)
    {
        services.AddSingleton<UploadReceiver>();
        services.AddSingleton<UploadJanitor>();
        services.AddHostedService(services => services.GetRequiredService<UploadJanitor>());
        return services;
    }

    public static void MapUploads(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/uploads").WithTags("Uploads");
        // Any Content-Type is taken: the bytes themselves are checked, and scripts send all sorts.
        group.MapPost("", UploadAsync)
            .Accepts<Stream>("application/octet-stream")
            .Produces<UploadView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group.MapGet("{id}", GetAsync);
        group.MapGet("{id}/content", ContentAsync).ProducesFile("application/octet-stream");
        group.MapGet("{id}/poster", PosterAsync).ProducesFile("image/jpeg");
        group.MapDelete("{id}", DeleteAsync);
    }

    private static async Task<IResult> UploadAsync(string kind, string name, HttpContext context, UploadReceiver receiver, WebAppOptions options)
    {
        if (!Enum.TryParse<UploadKind>(kind, ignoreCase: true, out var uploadKind) || !Enum.IsDefined(uploadKind))
            return Problems.Of(StatusCodes.Status400BadRequest, "bad kind", Codes.Uploads.KindInvalid());
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = options.MaxUploadBytes;
        var view = await receiver.ReceiveAsync(uploadKind, name, context.Request.Body, context.Request.ContentLength, context.RequestAborted);
        return TypedResults.Created($"/api/uploads/{view.Id}", view);
    }

    private static async Task<Results<Ok<UploadView>, NotFound>> GetAsync(string id, UploadReceiver receiver, CancellationToken cancellationToken) =>
        await receiver.FindAsync(id, cancellationToken) is { } found ? TypedResults.Ok(found.View) : TypedResults.NotFound();

    private static async Task<Results<PhysicalFileHttpResult, NotFound>> ContentAsync(string id, UploadReceiver receiver, CancellationToken cancellationToken) =>
        await receiver.FindAsync(id, cancellationToken) is { } found
            ? Downloads.Attachment(receiver.PathOf(found.Upload), found.Upload.OriginalName, MediaTypes.ContentType(found.Upload.Extension))
            : TypedResults.NotFound();

    /// <summary>A still of an uploaded video, for the page to show when the browser cannot play the file itself.</summary>
    private static async Task<Results<PhysicalFileHttpResult, NotFound>> PosterAsync(
        string id, UploadReceiver receiver, PosterFrames posters, HttpContext context, CancellationToken cancellationToken)
    {
        if (await receiver.FindAsync(id, cancellationToken) is not { Upload.Kind: UploadKind.Video } found
            || await posters.GetAsync(receiver.PathOf(found.Upload), receiver.PosterPathOf(found.Upload), cancellationToken) is not { } path)
            return TypedResults.NotFound();
        context.Response.Headers.CacheControl = "private, max-age=86400";
        return TypedResults.PhysicalFile(path, "image/jpeg");
    }

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(string id, UploadReceiver receiver, CancellationToken cancellationToken) =>
        await receiver.DeleteAsync(id, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();
}

/// <summary>Every file the server hands out: an attachment with a safe name, seekable by range requests.</summary>
public static class Downloads
{
    public static PhysicalFileHttpResult Attachment(string path, string name, string contentType) =>
        TypedResults.PhysicalFile(path, contentType, SafeName.Of(name), enableRangeProcessing: true);
}
