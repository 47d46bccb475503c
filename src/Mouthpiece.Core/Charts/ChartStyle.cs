using ScottPlot;

namespace Mouthpiece.Charts;

/// <summary>
/// What every chart Mouthpiece draws shares (the evaluate chart and the benchmark charts): ScottPlot's default
/// look with one font, chosen by file, that has Chinese as well as Latin letters, since titles carry file names.
/// </summary>
public static class ChartStyle
{
    /// <summary>WenQuanYi Zen Hei, from Debian's fonts-wqy-zenhei (the set-up scripts install it).</summary>
    public const string FontFile = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc";

    private const string FontName = "WenQuanYi Zen Hei";

    private static readonly Lazy<string> Font = new(RegisterFont);

    /// <summary>An empty plot in the house style.</summary>
    /// <exception cref="InvalidOperationException">The font is not installed.</exception>
    public static Plot NewPlot()
    {
        var plot = new Plot();
        plot.Font.Set(Font.Value);
        return plot;
    }

    private static string RegisterFont()
    {
        // Without it no text would be drawn at all: the SkiaSharp build has no system font lookup.
        if (!File.Exists(FontFile))
            throw new InvalidOperationException($"the chart font {FontFile} is missing: apt-get install fonts-wqy-zenhei (./start_app.sh does it)");
        Fonts.AddFontFile(FontName, FontFile);
        return FontName;
    }
}
