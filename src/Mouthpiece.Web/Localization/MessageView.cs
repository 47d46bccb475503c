using Mouthpiece.Messages;
using Mouthpiece.Web.Jobs;

namespace Mouthpiece.Web.Localization;

/// <summary>
/// A message as the API sends it: the stable <c>code</c> and its <c>params</c> (what the page words from its
/// catalog), and the <c>message</c> already worded in the language the request asked for (Accept-Language).
/// Server paths in parameters are cut to file names, so the layout of the server's disks does not leak.
/// </summary>
public sealed record MessageView(string Code, IReadOnlyDictionary<string, object> Params, string Message)
{
    public static MessageView From(Message message) =>
        new(message.Code, Shown(message), ServerPaths.Hide(Catalog.ForCurrentCulture().Format(message))!);

    public static MessageView? FromOptional(Message? message) => message is null ? null : From(message);

    public static IReadOnlyList<MessageView> FromAll(IEnumerable<Message> messages) => [.. messages.Select(From)];

    /// <summary>Nested messages become <c>{code, params}</c> objects, the shape the page's formatter reads.</summary>
    private static Dictionary<string, object> Shown(Message message) =>
        message.Params.ToDictionary(pair => pair.Key, pair => pair.Value switch
        {
            Message nested => new Dictionary<string, object> { ["code"] = nested.Code, ["params"] = Shown(nested) },
            string text => ServerPaths.Hide(text)!,
            var value => value,
        });
}
