using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Nexo.Storage;

namespace Nexo.Chats;

/// <summary>An image or audio clip a tool returned: its block type (<c>image</c>, <c>audio</c>), media type and bytes.</summary>
internal sealed record ToolMediaItem(string Type, string MediaType, byte[] Data);

/// <summary>How images in tool results reach a provider (see <see cref="MediaSupport"/>).</summary>
internal enum ToolImageRoute
{
    /// <summary>Not at all: the model reads the text placeholder (<c>[image image/png]</c>) only.</summary>
    Placeholder,

    /// <summary>Inside the tool result (Anthropic: <c>image</c> blocks in the <c>tool_result</c> content).</summary>
    ToolResult,

    /// <summary>
    /// In a user message right after the tool results (OpenAI chat completions, whose tool messages take text only:
    /// <c>image_url</c> parts; Ollama: the message's <c>images</c>).
    /// </summary>
    UserMessage,
}

/// <summary>
/// What a turn's provider and model accept beyond text: PDF documents (<see cref="Attachments.SendsPdfNatively"/>), images
/// returned by tools and where they go, and audio returned by tools (always in a user message after the results).
/// </summary>
internal sealed record MediaSupport(bool NativePdf, ToolImageRoute ToolImages, bool ToolAudio)
{
    /// <summary>Text only: every tool image and clip is a placeholder, PDFs are text.</summary>
    public static MediaSupport TextOnly { get; } = new(false, ToolImageRoute.Placeholder, false);

    /// <summary>
    /// The support of <paramref name="connection"/> with <paramref name="model"/>:
    /// <list type="bullet">
    /// <item>Anthropic: tool images inside the <c>tool_result</c>; no audio input.</item>
    /// <item>OpenAI and OpenAI-compatible: tool images in a user message after the tool messages (<c>image_url</c> data
    /// URLs); audio (wav, mp3) as <c>input_audio</c> parts there only for OpenAI's audio-input models (an id with
    /// <c>audio</c>, such as <c>gpt-4o-audio-preview</c>): the others reject audio.</item>
    /// <item>Ollama: tool images in a user message after the tool messages (its <c>images</c>); no audio.</item>
    /// <item>Echo: placeholders.</item>
    /// </list>
    /// A model the connection lists with <see cref="LlmModel.SupportsImages"/> <see langword="false"/> gets placeholders
    /// for images whatever its provider.
    /// </summary>
    public static MediaSupport For(LlmConnection connection, string model)
    {
        var noImages = connection.Models.FirstOrDefault(m => string.Equals(m.Id, model, StringComparison.Ordinal))?.SupportsImages == false;
        var route = noImages ? ToolImageRoute.Placeholder : connection.Provider switch
        {
            LlmProviderKind.Anthropic => ToolImageRoute.ToolResult,
            LlmProviderKind.OpenAI or LlmProviderKind.OpenAICompatible or LlmProviderKind.Ollama => ToolImageRoute.UserMessage,
            _ => ToolImageRoute.Placeholder,
        };
        var audio = connection.Provider is LlmProviderKind.OpenAI or LlmProviderKind.OpenAICompatible
            && model.Contains("audio", StringComparison.OrdinalIgnoreCase);
        return new MediaSupport(Attachments.SendsPdfNatively(connection), route, audio);
    }
}

/// <summary>
/// Images and audio returned by tools: decoded from an MCP result, stored as files beside the database
/// (<c>attachments/&lt;tool message id&gt;/</c>, like a user message's images) with only their description in the tool
/// message's metadata, read back when a later turn rebuilds the history, and turned into model content.
/// </summary>
internal static class ToolMedia
{
    private static readonly HashSet<string> s_imageTypes = new(StringComparer.OrdinalIgnoreCase) { "image/png", "image/jpeg", "image/gif", "image/webp" };

    /// <summary>The image and audio blocks of an MCP result whose data is valid base64.</summary>
    public static List<ToolMediaItem> FromMcp(McpToolResult result)
    {
        var media = new List<ToolMediaItem>();
        foreach (var block in result.Content)
        {
            if (block is { Type: "image" or "audio", Data: { } data } && Decode(data) is { } bytes)
            {
                media.Add(new ToolMediaItem(block.Type, block.MimeType ?? "application/octet-stream", bytes));
            }
        }

        return media;
    }

    /// <summary>The text placeholder of a block the model may not see (<c>[image image/png]</c>).</summary>
    public static string Placeholder(McpContentItem block) =>
        $"[{block.Type}{(block.MimeType is null ? string.Empty : " " + block.MimeType)}{(block.Uri is null ? string.Empty : " " + block.Uri)}]";

    /// <summary>
    /// Moves the data of the image and audio items of <paramref name="result"/>'s <c>content</c> array into files under
    /// <paramref name="folder"/> (<c>N-image.png</c>…): each item keeps its type and media type and gets <c>path</c> (the
    /// file name) and <c>size</c> (bytes) instead of <c>data</c>. An item whose data is not base64 keeps it.
    /// </summary>
    public static async Task StoreAsync(JsonObject result, string folder, CancellationToken cancellationToken)
    {
        if (result["content"] is not JsonArray content)
        {
            return;
        }

        for (var i = 0; i < content.Count; i++)
        {
            if (content[i] is not JsonObject item
                || !(item["type"] is JsonValue typeValue && typeValue.TryGetValue<string>(out var type) && type is "image" or "audio")
                || item["data"] is not JsonValue dataValue
                || !dataValue.TryGetValue<string>(out var data)
                || Decode(data) is not { } bytes)
            {
                continue;
            }

            var mediaType = item["mimeType"] is JsonValue m && m.TryGetValue<string>(out var mt) ? mt : "application/octet-stream";
            var name = $"{i}-{type}{Extension(mediaType)}";
            OwnerOnly.CreateDirectory(folder);
            await OwnerOnly.WriteAllBytesAsync(Path.Combine(folder, name), bytes, cancellationToken).ConfigureAwait(false);
            item.Remove("data");
            item["path"] = name;
            item["size"] = bytes.Length;
        }
    }

    /// <summary>
    /// The images and audio of a stored tool message: from the files its metadata names (read only from the message's own
    /// folder, as <see cref="Attachments.FromMetadata"/> does), or from inline base64 <c>data</c> (messages stored before
    /// tool media went to files). Missing or unreadable files are left out (the text placeholder stays).
    /// </summary>
    public static List<ToolMediaItem> FromMetadata(JsonElement? metadata, string attachmentsFolder, string messageId)
    {
        var media = new List<ToolMediaItem>();
        if (metadata is not { ValueKind: JsonValueKind.Object } m
            || !m.TryGetProperty("result", out var result) || result.ValueKind != JsonValueKind.Object
            || !result.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array)
        {
            return media;
        }

        foreach (var item in content.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object
                || !item.TryGetProperty("type", out var t) || t.ValueKind != JsonValueKind.String || t.GetString() is not ("image" or "audio"))
            {
                continue;
            }

            var type = t.GetString()!;
            var mediaType = item.TryGetProperty("mimeType", out var mt) && mt.ValueKind == JsonValueKind.String ? mt.GetString()! : "application/octet-stream";
            byte[]? bytes = null;
            if (item.TryGetProperty("path", out var p) && p.ValueKind == JsonValueKind.String
                && Attachments.TrustedPath(p.GetString(), attachmentsFolder, messageId) is { } path)
            {
                bytes = Attachments.ReadStored(path);
            }
            else if (item.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.String)
            {
                bytes = Decode(d.GetString()!);
            }

            if (bytes is not null)
            {
                media.Add(new ToolMediaItem(type, mediaType, bytes));
            }
        }

        return media;
    }

    /// <summary>
    /// The model content of one tool result: a <see cref="FunctionResultContent"/> whose text is <paramref name="text"/>
    /// (<c>Error: …</c> and <see cref="FunctionResultContent.Exception"/> set for a failure, so Anthropic sends
    /// <c>is_error</c>). Media the provider takes inside tool results are added to the result's content; media it takes in
    /// a user message are added to <paramref name="followUp"/> (the parts of the user message that goes after the tool
    /// results); the rest is left to the placeholders in the text.
    /// </summary>
    public static FunctionResultContent Result(string callId, string text, bool isError, IReadOnlyList<ToolMediaItem> media, MediaSupport support, List<AIContent> followUp)
    {
        var modelText = isError ? "Error: " + text : text;
        var inResult = new List<AIContent>();
        var announced = false;
        foreach (var item in media)
        {
            if (item.Type == "image" && s_imageTypes.Contains(item.MediaType))
            {
                switch (support.ToolImages)
                {
                    case ToolImageRoute.ToolResult:
                        inResult.Add(new DataContent(item.Data, item.MediaType.ToLowerInvariant()));
                        break;
                    case ToolImageRoute.UserMessage:
                        Announce();
                        followUp.Add(new DataContent(item.Data, item.MediaType.ToLowerInvariant()));
                        break;
                }
            }
            else if (item.Type == "audio" && support.ToolAudio && AudioType(item.MediaType) is { } audioType)
            {
                Announce();
                followUp.Add(new DataContent(item.Data, audioType));
            }
        }

        object result = inResult.Count == 0 ? modelText : (List<AIContent>)[new TextContent(modelText), .. inResult];
        return new FunctionResultContent(callId, result) { Exception = isError ? new InvalidOperationException(text) : null };

        void Announce()
        {
            if (!announced)
            {
                followUp.Add(new TextContent($"The media returned by the tool call {callId}:"));
                announced = true;
            }
        }
    }

    /// <summary>The user message that carries the media of a batch of tool results, or <see langword="null"/> when there is none.</summary>
    public static ChatMessage? FollowUp(List<AIContent> followUp) =>
        followUp.Count == 0 ? null : new ChatMessage(ChatRole.User, [.. followUp]);

    /// <summary>The media type MEAI maps to <c>input_audio</c> (<c>audio/wav</c>, <c>audio/mpeg</c>), or <see langword="null"/>.</summary>
    private static string? AudioType(string mediaType) => mediaType.Split(';')[0].Trim().ToLowerInvariant() switch
    {
        "audio/wav" or "audio/x-wav" or "audio/wave" or "audio/vnd.wave" => "audio/wav",
        "audio/mpeg" or "audio/mp3" or "audio/mpeg3" or "audio/x-mpeg-3" => "audio/mpeg",
        _ => null,
    };

    private static string Extension(string mediaType) => mediaType.Split(';')[0].Trim().ToLowerInvariant() switch
    {
        "image/png" => ".png",
        "image/jpeg" => ".jpg",
        "image/gif" => ".gif",
        "image/webp" => ".webp",
        "image/svg+xml" => ".svg",
        "audio/wav" or "audio/x-wav" or "audio/wave" => ".wav",
        "audio/mpeg" or "audio/mp3" => ".mp3",
        "audio/ogg" => ".ogg",
        _ => ".bin",
    };

    private static byte[]? Decode(string base64)
    {
        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
