using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Nexo;

/// <summary>
/// The offline <see cref="LlmProviderKind.Echo"/> provider, for host developers and tests; it never calls a network.
/// <list type="bullet">
/// <item>It streams the text of the last user message back, word by word.</item>
/// <item>A user message whose lines start with <c>/tool NAME {json}</c> makes it call that tool: one
/// <see cref="FunctionCallContent"/> per such line, with the JSON object as arguments (empty when omitted), and finish
/// reason <see cref="ChatFinishReason.ToolCalls"/>.</item>
/// <item>When the conversation ends with tool results, it answers <c>Tool NAME returned: RESULT</c> for each, so an
/// agent loop can be exercised end to end.</item>
/// </list>
/// Every answer ends with a <see cref="UsageContent"/> that counts words in and out.
/// </summary>
internal sealed class EchoChatClient : IChatClient
{
    /// <summary>The one model the echo provider offers.</summary>
    public const string ModelId = "echo";

    private const string ToolCommand = "/tool ";
    private readonly string _modelId;
    private readonly ChatClientMetadata _metadata;

    public EchoChatClient(string? modelId = null)
    {
        _modelId = string.IsNullOrWhiteSpace(modelId) ? ModelId : modelId;
        _metadata = new ChatClientMetadata("echo", null, _modelId);
    }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        await GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var history = messages.ToList();
        var model = options?.ModelId ?? _modelId;
        var responseId = "echo-" + Guid.NewGuid().ToString("N");
        var messageId = "msg-" + Guid.NewGuid().ToString("N");
        var inputWords = history.Sum(m => CountWords(m.Text));
        await Task.Yield();

        ChatResponseUpdate Update(AIContent content, ChatFinishReason? finish = null) => new(ChatRole.Assistant, [content])
        {
            ResponseId = responseId,
            MessageId = messageId,
            ModelId = model,
            FinishReason = finish,
        };

        var toolResults = TrailingToolResults(history);
        var calls = toolResults.Count == 0 ? ToolCalls(LastUserText(history)) : [];
        if (calls.Count > 0)
        {
            foreach (var call in calls)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return Update(call);
            }

            yield return Update(Usage(inputWords, calls.Count), ChatFinishReason.ToolCalls);
            yield break;
        }

        var answer = toolResults.Count > 0 ? DescribeResults(history, toolResults) : LastUserText(history);
        var outputWords = 0;
        foreach (var word in SplitWords(answer))
        {
            cancellationToken.ThrowIfCancellationRequested();
            outputWords++;
            yield return Update(new TextContent(word));
        }

        yield return Update(Usage(inputWords, outputWords), ChatFinishReason.Stop);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private static UsageContent Usage(int input, int output) =>
        new(new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output });

    private static string LastUserText(List<ChatMessage> history) =>
        history.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? string.Empty;

    private static List<FunctionResultContent> TrailingToolResults(List<ChatMessage> history)
    {
        var results = new List<FunctionResultContent>();
        for (var i = history.Count - 1; i >= 0; i--)
        {
            var found = history[i].Contents.OfType<FunctionResultContent>().ToList();
            if (found.Count == 0)
            {
                break;
            }

            results.InsertRange(0, found);
        }

        return results;
    }

    private static List<FunctionCallContent> ToolCalls(string text)
    {
        var calls = new List<FunctionCallContent>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (!line.StartsWith(ToolCommand, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = line[ToolCommand.Length..].Trim();
            var space = rest.IndexOfAny([' ', '\t']);
            var name = space < 0 ? rest : rest[..space];
            var json = space < 0 ? string.Empty : rest[(space + 1)..].Trim();
            if (name.Length == 0)
            {
                continue;
            }

            calls.Add(new FunctionCallContent("call_" + Guid.NewGuid().ToString("N")[..12], name, ParseArguments(json)));
        }

        return calls;
    }

    private static Dictionary<string, object?> ParseArguments(string json)
    {
        if (json.Length == 0)
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
            }
        }
        catch (JsonException)
        {
            // Not JSON: pass the text through so the tool (and the test) can see what was typed.
        }

        return new Dictionary<string, object?> { ["input"] = json };
    }

    private static string DescribeResults(List<ChatMessage> history, List<FunctionResultContent> results)
    {
        var names = history.SelectMany(m => m.Contents.OfType<FunctionCallContent>())
            .GroupBy(c => c.CallId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().Name, StringComparer.Ordinal);
        var text = new StringBuilder();
        foreach (var result in results)
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }

            var name = names.GetValueOrDefault(result.CallId) ?? result.CallId;
            text.Append("Tool ").Append(name).Append(" returned: ").Append(Describe(result));
        }

        return text.ToString();
    }

    private static string Describe(FunctionResultContent result) => result.Exception is { } error && result.Result is null
        ? "error: " + error.Message
        : result.Result switch
        {
            null => "null",
            string s => s,
            JsonElement element => element.ValueKind == JsonValueKind.String ? element.GetString() ?? string.Empty : element.GetRawText(),
            TextContent content => content.Text,
            IEnumerable<AIContent> contents => string.Concat(contents.OfType<TextContent>().Select(c => c.Text)),
            var other => JsonSerializer.Serialize(other, AIJsonUtilities.DefaultOptions.GetTypeInfo(other.GetType())),
        };

    private static int CountWords(string? text) => string.IsNullOrWhiteSpace(text) ? 0 : SplitWords(text).Count();

    /// <summary>Splits text into words that keep their trailing whitespace, so the chunks concatenate to the input.</summary>
    private static IEnumerable<string> SplitWords(string text)
    {
        var start = 0;
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            yield return text[start..i];
            start = i;
        }
    }
}
