using System.Text;

namespace Nexo.SlashCommands;

/// <summary>
/// Turns an MCP prompt's messages into the user's turn (the rule is documented on <see cref="SlashCommandService"/>):
/// the text of every message, and its images (and PDFs) as attachments.
/// </summary>
internal static class SlashCommandPrompt
{
    private static readonly HashSet<string> AttachableTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf",
    };

    /// <summary>The turn's text and its attachments (<c>data:</c> URLs).</summary>
    public static (string Content, IReadOnlyList<string> Files) Render(McpPromptResult result)
    {
        var labelled = result.Messages.Any(m => m.Role == MessageRole.Assistant);
        var parts = new List<string>();
        var files = new List<string>();
        MessageRole? lastLabel = null;
        foreach (var message in result.Messages)
        {
            if (Text(message.Content, files) is not { Length: > 0 } text)
            {
                continue;
            }

            if (labelled && lastLabel != message.Role)
            {
                text = (message.Role == MessageRole.Assistant ? "Assistant: " : "User: ") + text;
                lastLabel = message.Role;
            }

            parts.Add(text);
        }

        return (string.Join("\n\n", parts), files);
    }

    /// <summary>The text a block adds to the turn (<see langword="null"/> for none); an attachable block goes to <paramref name="files"/>.</summary>
    private static string? Text(McpContentItem item, List<string> files)
    {
        switch (item.Type)
        {
            case "text":
                return item.Text;
            case "resource" when item.Text is not null:
                return item.Text;
            case "image" or "resource" when item.Data is not null && item.MimeType is { } type && AttachableTypes.Contains(type):
                files.Add($"data:{type};base64,{item.Data}");
                return null;
            case "resource" when item.Data is not null && DecodeText(item.Data) is { } decoded:
                return decoded;
            case "resource_link":
                return $"[resource {item.Name ?? item.Uri}: {item.Uri}]";
            default:
                var what = item.Uri is null ? item.Type : $"{item.Type} {item.Uri}";
                return $"[{what}{(item.MimeType is null ? string.Empty : $" ({item.MimeType})")} not included]";
        }
    }

    /// <summary>A binary resource's bytes as text when they are UTF-8 text (no NUL, valid encoding); else <see langword="null"/>.</summary>
    private static string? DecodeText(string base64)
    {
        var bytes = new byte[base64.Length * 3 / 4 + 3];
        if (!Convert.TryFromBase64String(base64, bytes, out var length) || bytes.AsSpan(0, length).Contains((byte)0))
        {
            return null;
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 0, length);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
