using System.Globalization;
using Mouthpiece.Messages;

namespace Mouthpiece.Web.Localization;

/// <summary>
/// The language of each answer follows the request's Accept-Language (Chinese for any <c>zh</c> tag, else
/// English), and the message catalogs are served to the page from the same files the server words with.
/// </summary>
public static class LanguageApi
{
    /// <summary>Sets the request's UI culture, which <see cref="MessageView"/> words its messages in.</summary>
    public static WebApplication UseRequestLanguage(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(Preferred(context.Request));
            return next(context);
        });
        return app;
    }

    /// <summary><c>GET /i18n/{language}.json</c>: the catalog the page words its labels and every server message with.</summary>
    public static void MapCatalogs(this WebApplication app) =>
        app.MapGet("/i18n/{language}.json", (string language) =>
            Catalog.Languages.Contains(language)
                ? Results.Stream(Catalog.OpenJson(language), "application/json; charset=utf-8")
                : Results.NotFound()).ExcludeFromDescription();

    /// <summary>The catalog language the request asks for.</summary>
    internal static string Preferred(HttpRequest request)
    {
        var languages = request.GetTypedHeaders().AcceptLanguage;
        var first = languages.Where(language => language.Quality is not <= 0)
            .OrderByDescending(language => language.Quality ?? 1).Select(language => language.Value.Value).FirstOrDefault();
        return Catalog.Resolve(first);
    }
}
