using Microsoft.AspNetCore.Http.HttpResults;
using Mouthpiece.Avatars;
using Mouthpiece.Web.ApiDocs;
using Mouthpiece.Media;
using Mouthpiece.Messages;
using Mouthpiece.Web.Localization;
using Mouthpiece.Web.Storage;
using Mouthpiece.Web.Uploads;

namespace Mouthpiece.Web.Avatars;

/// <summary>Saves a video upload as a named avatar; the face that speaks is optional (the main speaker by default).</summary>
public sealed record SaveAvatar(string Name, string Video, int? FaceIndex = null);

/// <summary>Chooses another face of a saved avatar to speak.</summary>
public sealed record ChooseFace(int? FaceIndex);

/// <summary>
/// Avatars over HTTP: <c>POST /api/avatars {name, video: upload id, faceIndex}</c> saves (and analyses, which takes
/// about as long as rendering the video once), <c>GET /api/avatars</c> lists, <c>GET/DELETE /api/avatars/{name}</c>,
/// <c>PUT /api/avatars/{name}/face {faceIndex}</c> picks the face that speaks, <c>GET /api/avatars/{name}/thumbnail</c>.
/// </summary>
public static class AvatarsApi
{
    public static IServiceCollection AddAvatars(this IServiceCollection services) =>
        services.AddSingleton(services => new AvatarLibrary(services.GetRequiredService<WebAppOptions>().Data));

    public static void MapAvatars(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/avatars").WithTags("Avatars");
        group.MapPost("", SaveAsync).Produces<AvatarView>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("", List);
        group.MapGet("{name}", Get);
        group.MapPut("{name}/face", ChooseFaceAsync).Produces<AvatarView>().ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("{name}/thumbnail", Thumbnail).ProducesFile("image/jpeg");
        group.MapDelete("{name}", Delete);
    }

    private static async Task<IResult> SaveAsync(SaveAvatar body, AvatarLibrary library, UploadReceiver uploads, CancellationToken cancellationToken)
    {
        if (!AvatarLibrary.IsValidName(body.Name))
            return Problems.Of(StatusCodes.Status400BadRequest, "bad name", Codes.Avatars.BadName(body.Name ?? "", AvatarLibrary.MaxNameLength));
        if (library.Find(body.Name) is not null)
            return Problems.Of(StatusCodes.Status409Conflict, "name taken", Codes.Avatars.Exists(body.Name));
        if (await uploads.FindAsync(body.Video ?? "", cancellationToken) is not { Upload.Kind: UploadKind.Video } found)
            return Problems.Of(StatusCodes.Status404NotFound, "no such upload", Codes.Uploads.NotFound(SafeName.Of(body.Video, "(empty)")));
        return await RefusalsAsProblems(async () =>
        {
            var avatar = await library.SaveAsync(body.Name, uploads.PathOf(found.Upload), found.Upload.OriginalName, body.FaceIndex, cancellationToken);
            return TypedResults.Created($"/api/avatars/{Uri.EscapeDataString(avatar.Name)}", AvatarView.From(avatar));
        });
    }

    private static Ok<IReadOnlyList<AvatarView>> List(AvatarLibrary library) => TypedResults.Ok<IReadOnlyList<AvatarView>>([.. library.List().Select(AvatarView.From)]);

    private static Results<Ok<AvatarView>, NotFound> Get(string name, AvatarLibrary library) =>
        library.Find(name) is { } avatar ? TypedResults.Ok(AvatarView.From(avatar)) : TypedResults.NotFound();

    private static async Task<IResult> ChooseFaceAsync(string name, ChooseFace body, AvatarLibrary library, CancellationToken cancellationToken)
    {
        if (library.Find(name) is null)
            return TypedResults.NotFound();
        return await RefusalsAsProblems(async () => TypedResults.Ok(AvatarView.From(await library.ChooseFaceAsync(name, body.FaceIndex, cancellationToken))));
    }

    private static Results<PhysicalFileHttpResult, NotFound> Thumbnail(string name, AvatarLibrary library) =>
        library.Find(name) is { } avatar && File.Exists(avatar.ThumbnailPath)
            ? TypedResults.PhysicalFile(avatar.ThumbnailPath, "image/jpeg")
            : TypedResults.NotFound();

    private static Results<NoContent, NotFound> Delete(string name, AvatarLibrary library) =>
        library.Delete(name) ? TypedResults.NoContent() : TypedResults.NotFound();

    /// <summary>A video without the face, or a face index beyond those found, answers a problem the page can show.</summary>
    private static async Task<IResult> RefusalsAsProblems(Func<Task<IResult>> save)
    {
        try
        {
            return await save();
        }
        catch (MediaInputException e)
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "unusable video", Codes.Uploads.Unusable(e.FilePath, e.Problem));
        }
        catch (ProblemException e) when (e.Problem.Code == "avatar.exists")
        {
            return Problems.Of(StatusCodes.Status409Conflict, "name taken", e.Problem);
        }
        catch (ProblemException e)
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "refused", e.Problem);
        }
    }
}
