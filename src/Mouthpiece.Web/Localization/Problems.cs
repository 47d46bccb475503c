using Microsoft.AspNetCore.Http.HttpResults;
using Mouthpiece.Messages;

namespace Mouthpiece.Web.Localization;

/// <summary>
/// Every refusal the API answers with: RFC 7807 problem JSON whose <c>detail</c> is the message in the
/// request's language, with <c>code</c>, <c>params</c> and <c>message</c> beside it as in every other answer.
/// </summary>
public static class Problems
{
    public static ProblemHttpResult Of(int statusCode, string title, Message problem)
    {
        var view = MessageView.From(problem);
        return TypedResults.Problem(statusCode: statusCode, title: title, detail: view.Message, extensions: new Dictionary<string, object?>
        {
            ["code"] = view.Code,
            ["params"] = view.Params,
            ["message"] = view.Message,
        });
    }
}
