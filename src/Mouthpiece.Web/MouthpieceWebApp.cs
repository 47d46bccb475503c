using System.Text.Json;
using System.Text.Json.Serialization;
using Mouthpiece.Web.ApiDocs;
using Mouthpiece.Web.Avatars;
using Mouthpiece.Web.Engines;
using Mouthpiece.Web.HeyGem;
using Mouthpiece.Web.History;
using Mouthpiece.Web.Jobs;
using Mouthpiece.Web.Requests;
using Mouthpiece.Web.Localization;
using Mouthpiece.Web.Logging;
using Mouthpiece.Web.Security;
using Mouthpiece.Web.Storage;
using Mouthpiece.Web.SystemStatus;
using Mouthpiece.Web.Uploads;

namespace Mouthpiece.Web;

/// <summary>Builds the Mouthpiece web application; used by <c>mouthpiece serve</c> and by the tests.</summary>
public static class MouthpieceWebApp
{
    /// <summary>
    /// Builds the app. Settings in configuration (appsettings.json, <c>Mouthpiece__*</c> environment variables)
    /// fill in what <paramref name="options"/> leaves open. Starting it throws <see cref="UnsafeToServeException"/>
    /// with a message for the person starting it when it would listen beyond loopback without a key.
    /// </summary>
    public static WebApplication Build(WebAppOptions options, string[]? args = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args ?? [],
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        builder.WebHost.UseUrls(options.Url.ToString());
        // Resolved when first used, so settings a test host adds after this point still count.
        builder.Services.AddSingleton(services => CreateOptions(options, services.GetRequiredService<IConfiguration>()));
        builder.Services.AddMouthpieceLogging();
        builder.Services.ConfigureHttpJsonOptions(json =>
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
        builder.Services.AddProblemResponses();
        builder.Services.AddRequestLimits();
        builder.Services.AddApiDocs();
        builder.Services.AddSecurity();
        builder.Services.AddWebStore();
        builder.Services.AddJobs();
        builder.Services.AddUploads();
        builder.Services.AddHeyGem();
        builder.Services.AddSystemStatus();
        builder.Services.AddAvatars();

        var app = builder.Build();
        app.UseRequestLanguage();
        app.UseSecurity();
        app.UseRequestLimits();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapGet("/health", () => TypedResults.Ok(new { status = "ok" })).ExcludeFromDescription();
        app.MapApiDocs();
        app.MapCatalogs();
        var api = app.MapGroup("").AddEndpointFilterFactory(RequestShapeFilter.Create);
        api.MapSession();
        api.MapUploads();
        api.MapAvatars();
        api.MapJobs();
        api.MapBatches();
        api.MapVoices();
        api.MapHistory();
        api.MapEvents();
        api.MapSystemStatus();
        api.MapEngines();
        api.MapHeyGem();
        return app;
    }

    private static WebAppOptions CreateOptions(WebAppOptions options, IConfiguration configuration)
    {
        var resolved = options.WithConfiguration(configuration);
        resolved.Data.EnsureCreated();
        Directory.CreateDirectory(Path.Combine(resolved.Inbox, Inbox.WorkFolderName));
        return resolved;
    }
}
