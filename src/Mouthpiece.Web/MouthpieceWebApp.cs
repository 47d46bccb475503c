using System.Text.Json;
using System.Text.Json.Serialization;
using Mouthpiece.Web.ApiDocs;
using Mouthpiece.Web.Avatars;
using Mouthpiece.Web.HeyGem;
using Mouthpiece.Web.History;
using Mouthpiece.Web.Jobs;
using Mouthpiece.Web.Localization;
using Mouthpiece.Web.Security;
using Mouthpiece.Web.Storage;
using Mouthpiece.Web.SystemStatus;
using Mouthpiece.Web.Uploads;
using Serilog;
using Serilog.Extensions.Logging;

namespace Mouthpiece.Web;

/// <summary>Builds the Mouthpiece web application; used by <c>mouthpiece serve</c> and by the tests.</summary>
public static class MouthpieceWebApp
{
    /// <summary>
    /// Builds the app. Settings in configuration (appsettings.json, <c>Mouthpiece__*</c> environment variables)
    /// fill in what <paramref name="options"/> leaves open. Throws <see cref="InvalidOperationException"/> with
    /// a message for the person starting it when it would be unsafe to serve.
    /// </summary>
    public static WebApplication Build(WebAppOptions options, string[]? args = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args ?? [],
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        options.WithConfiguration(builder.Configuration).EnsureSafeToServe();
        builder.WebHost.UseUrls(options.Url.ToString());
        // Resolved when first used, so settings a test host adds after this point still count.
        builder.Services.AddSingleton(services => CreateOptions(options, services.GetRequiredService<IConfiguration>()));
        AddLogging(builder);
        builder.Services.ConfigureHttpJsonOptions(json =>
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
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
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapGet("/health", () => TypedResults.Ok(new { status = "ok" })).ExcludeFromDescription();
        app.MapApiDocs();
        app.MapCatalogs();
        app.MapSession();
        app.MapUploads();
        app.MapAvatars();
        app.MapJobs();
        app.MapBatches();
        app.MapHistory();
        app.MapEvents();
        app.MapSystemStatus();
        app.MapHeyGem();
        return app;
    }

    private static WebAppOptions CreateOptions(WebAppOptions options, IConfiguration configuration)
    {
        var resolved = options.WithConfiguration(configuration);
        resolved.EnsureSafeToServe();
        resolved.Data.EnsureCreated();
        Directory.CreateDirectory(Path.Combine(resolved.Inbox, Inbox.WorkFolderName));
        return resolved;
    }

    private static void AddLogging(WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.Services.AddSingleton<ILoggerProvider>(services =>
            new SerilogLoggerProvider(CreateFileLogger(services.GetRequiredService<WebAppOptions>().Data), dispose: true));
    }

    private static Serilog.Core.Logger CreateFileLogger(DataDirectory data) =>
        new LoggerConfiguration()
            .MinimumLevel.Information()
            .WriteTo.File(
                data.MainLog,
                formatProvider: System.Globalization.CultureInfo.InvariantCulture,
                outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} [{Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}",
                rollingInterval: RollingInterval.Infinite,
                fileSizeLimitBytes: 50 * 1024 * 1024,
                rollOnFileSizeLimit: true,
                retainedFileCountLimit: 5,
                shared: true)
            .CreateLogger();
}
