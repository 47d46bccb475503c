using Serilog;

namespace Mouthpiece.Web;

/// <summary>Builds the Mouthpiece web application; used by <c>mouthpiece serve</c> and by the tests.</summary>
public static class MouthpieceWebApp
{
    public static WebApplication Build(WebAppOptions options, string[]? args = null)
    {
        options.Data.EnsureCreated();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args ?? [],
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        builder.WebHost.UseUrls(options.Url.ToString());
        builder.Services.AddSingleton(options);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddSerilog(CreateFileLogger(options.Data), dispose: true);

        var app = builder.Build();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapGet("/health", () => Results.Ok(new { status = "ok" }));
        return app;
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
