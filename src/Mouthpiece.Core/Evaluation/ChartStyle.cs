namespace Mouthpiece.Evaluation;

/// <summary>How every chart Mouthpiece draws looks (the evaluate chart and the benchmark charts), so they read alike.</summary>
internal static class ChartStyle
{
    public const int TextScale = 2;
    public const int LineHeight = BitmapFont.GlyphHeight * TextScale;

    public static readonly Rgb Background = new(255, 255, 255);
    public static readonly Rgb Ink = new(40, 40, 40);
    public static readonly Rgb Grid = new(225, 225, 225);

    /// <summary>One colour per curve or series, in order.</summary>
    public static readonly Rgb[] Palette = [new(31, 119, 180), new(255, 127, 14), new(44, 160, 44), new(214, 39, 40)];
}
