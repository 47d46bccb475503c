using System.Reflection;
using System.Text.RegularExpressions;
using Mouthpiece.Jobs;
using Mouthpiece.Messages;

namespace Mouthpiece.Core.Tests.Messages;

/// <summary>
/// The catalogs are complete: every code has a text in every language, no text uses a parameter its code
/// does not give, and no text is left that nothing shows. Codes are found as the factories in <see cref="Codes"/>.
/// </summary>
public sealed partial class CatalogTests
{
    private static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> CodeParams = CollectCodes();

    public static TheoryData<string> Languages => [.. Catalog.Languages];

    [Theory]
    [MemberData(nameof(Languages))]
    public void Every_code_has_a_text_that_uses_only_the_parameters_it_gives(string language)
    {
        var texts = Catalog.For(language).Texts;
        foreach (var (code, parameters) in CodeParams)
        {
            Assert.True(texts.TryGetValue(code, out var text), $"{language}: no text for {code}");
            var unknown = Catalog.Placeholders(text!).Where(name => !parameters.Contains(name)).ToList();
            Assert.True(unknown.Count == 0, $"{language}: {code} uses {{{string.Join("}, {", unknown)}}}, which it does not give");
        }
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void Every_text_is_a_code_or_a_label_the_page_uses(string language)
    {
        var pageKeys = PageKeys();
        var unused = Catalog.For(language).Texts.Keys.Where(key => !CodeParams.ContainsKey(key) && !pageKeys.Contains(key)).Order(StringComparer.Ordinal).ToList();
        Assert.True(unused.Count == 0, $"{language}: texts nothing shows: {string.Join(", ", unused)}");
    }

    [Fact]
    public void Every_label_the_page_uses_has_a_text_in_every_language()
    {
        foreach (var language in Catalog.Languages)
        {
            var missing = PageKeys().Where(key => !Catalog.For(language).Texts.ContainsKey(key)).ToList();
            Assert.True(missing.Count == 0, $"{language}: no text for {string.Join(", ", missing)}");
        }
    }

    [Fact]
    public void The_chinese_catalog_words_every_message_in_chinese()
    {
        // Parameters, file names and units are shown as they are; words around them must be Chinese.
        var chinese = Catalog.For(Catalog.ChineseLanguage).Texts;
        var english = CodeParams.Keys.Where(code => HasWords(chinese[code]) && !HasChinese(chinese[code])).ToList();
        Assert.True(english.Count == 0, $"not Chinese: {string.Join(", ", english)}");
    }

    [Fact]
    public void Codes_are_dotted_lower_case_and_each_is_made_by_one_factory()
    {
        Assert.All(CodeParams.Keys, code => Assert.Matches("^[a-z]+(\\.[a-z_]+)+$", code));
        var factories = Factories().Select(Invoke).GroupBy(message => message.Code).Where(group => group.Count() > 1).Select(group => group.Key);
        Assert.Empty(factories);
    }

    [Fact]
    public void Parameters_are_worded_in_the_readers_language_nested_messages_too()
    {
        var problem = Codes.Jobs.VideoProblem("noface.mp4", Codes.Inputs.NoFace());

        Assert.Equal("video noface.mp4: no face found: the video must show a face", problem.ToString());
        Assert.Equal("视频 noface.mp4：未找到人脸：视频中必须有一张脸", Catalog.For("zh-CN").Format(problem));
        Assert.Equal("bitrate 58 Mbps > 12 Mbps", Codes.Policy.BitRateHigh(58, 12).ToString());
        Assert.Equal("frame rate 29.97 fps > 24 fps", Codes.Policy.FrameRate(29.97, 24).ToString());
        Assert.Equal("lasts 3:00:01; at most 3 hours are accepted", Codes.Inputs.TooLong(10_801, 3).ToString());
        Assert.Same(Catalog.For("zh-TW"), Catalog.For("zh-CN"));
        Assert.Same(Catalog.English, Catalog.For("fr-FR"));
    }

    [Fact]
    public void A_message_survives_the_store_with_its_nested_parameters()
    {
        var message = Codes.Jobs.FailedAfterAttempts(3, Codes.Jobs.AudioProblem("a.wav", Codes.Inputs.ProbeTimeout(30.5)));

        var stored = MessageJson.Read(message.Code, MessageJson.WriteParams(message));

        Assert.Equal(message, stored);
        Assert.Equal(message.ToString(), stored.ToString());
        Assert.Null(MessageJson.WriteParams(Codes.Stages.Queued()));
    }

    private static bool HasChinese(string text) => text.Any(c => c is >= '\u4e00' and <= '\u9fff');

    private static bool HasWords(string text) => Placeholder().Replace(text, "").Any(char.IsLetter);

    private static Dictionary<string, IReadOnlySet<string>> CollectCodes() =>
        Factories().Select(Invoke).ToDictionary(message => message.Code, message => (IReadOnlySet<string>)message.Params.Keys.ToHashSet(), StringComparer.Ordinal);

    private static IEnumerable<MethodInfo> Factories() =>
        typeof(Codes).GetNestedTypes().SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Static)).Where(method => method.ReturnType == typeof(Message));

    private static Message Invoke(MethodInfo factory) =>
        (Message)factory.Invoke(null, [.. factory.GetParameters().Select(parameter => Sample(parameter.ParameterType))])!;

    private static object Sample(Type type) =>
        type == typeof(string) ? "x" : type == typeof(int) ? 1 : type == typeof(long) ? 1L : type == typeof(double) ? 1.5
        : type == typeof(Message) ? Codes.Errors.Unexpected("x") : throw new NotSupportedException($"a factory takes {type.Name}");

    /// <summary>Label keys the page names in its scripts and markup, and the state names it builds keys from.</summary>
    private static HashSet<string> PageKeys()
    {
        var web = TestData.File("..", "..", "src", "Mouthpiece.Web", "wwwroot");
        var keys = Enum.GetNames<JobState>().Select(state => "state." + state.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(web, "*.*", SearchOption.AllDirectories).Where(f => f.EndsWith(".js", StringComparison.Ordinal) || f.EndsWith(".html", StringComparison.Ordinal)))
            foreach (Match match in QuotedKey().Matches(File.ReadAllText(file)))
                keys.Add(match.Groups["key"].Value);
        keys.ExceptWith(CodeParams.Keys);
        return keys.Where(key => Catalog.English.Texts.ContainsKey(key) || IsLabelReference(key)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>A quoted dotted name in a data-i18n attribute or a label call is a label key even before it has a text.</summary>
    private static bool IsLabelReference(string key) => LabelPrefix().IsMatch(key);

    [GeneratedRegex("""["'`](?<key>[a-z]+\.[A-Za-z_.]+)["'`]""")]
    private static partial Regex QuotedKey();

    [GeneratedRegex(@"\{\w+(:\w+)?\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex("^(tab|connection|signin|batch|single|picker|file|col|action|state|history|system|error)\\.")]
    private static partial Regex LabelPrefix();
}
