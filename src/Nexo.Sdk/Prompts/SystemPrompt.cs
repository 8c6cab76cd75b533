using System.Globalization;
using System.Runtime.InteropServices;

namespace Nexo.Prompts;

/// <summary>Renders a turn's system prompt: the template's <c>{{variables}}</c> filled with the date, the workspace, the chat and the model.</summary>
internal static class SystemPrompt
{
    public static string? Render(string? template, Workspace? workspace, Chat chat, string model)
    {
        if (string.IsNullOrWhiteSpace(template))
        {
            return null;
        }

        var now = DateTimeOffset.Now;
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["date"] = now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["time"] = now.ToString("HH:mm", CultureInfo.InvariantCulture),
            ["datetime"] = now.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture),
            ["workspace"] = workspace?.Name ?? string.Empty,
            ["workspace_root"] = workspace?.RootPath ?? string.Empty,
            ["chat_title"] = chat.Title,
            ["model"] = model,
            ["os"] = RuntimeInformation.OSDescription,
        };
        return PromptTemplate.Render(template, variables);
    }
}
