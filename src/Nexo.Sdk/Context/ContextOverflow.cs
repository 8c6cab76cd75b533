using System.Globalization;
using System.Text.RegularExpressions;

namespace Nexo.Context;

/// <summary>
/// Recognises a provider's "the prompt is longer than the context window" error: OpenAI's code
/// <c>context_length_exceeded</c> and the wording of OpenAI ("maximum context length is N tokens"), Anthropic ("prompt is too
/// long: N tokens &gt; M maximum"), llama.cpp ("exceeds the available context size"), vLLM and others.
/// </summary>
internal static partial class ContextOverflow
{
    public static bool Is(NexoException? error)
    {
        if (error is not { Kind: NexoErrorKind.Llm })
        {
            return false;
        }

        if (error.Details.TryGetValue("errorType", out var type) && type is "context_length_exceeded" or "string_above_max_length")
        {
            return true;
        }

        var text = (error.Details.TryGetValue("providerMessage", out var m) ? m as string : null) ?? error.Message;
        return Wording().IsMatch(text);
    }

    /// <summary>The window the provider names in its error ("maximum context length is 8192 tokens", "&gt; 200000 maximum"), if any.</summary>
    public static int? StatedWindow(NexoException error)
    {
        var text = (error.Details.TryGetValue("providerMessage", out var m) ? m as string : null) ?? error.Message;
        var match = Limit().Match(text);
        return match.Success && int.TryParse(match.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;
    }

    [GeneratedRegex(@"context[ _-]?(length|window|size)|maximum context|prompt is too long|too many (input )?tokens|input is too long|exceeds? the (model's )?(maximum|context)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Wording();

    [GeneratedRegex(@"(maximum context length is|context (length|window|size) (is|of)|>)\s*(?<n>\d{3,9})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Limit();
}
