using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nexo.JsonRpcServer.Acp;

/// <summary>
/// A user message built from ACP prompt blocks. Text blocks become the message text; <c>file://</c> resource links
/// to readable text or image files and embedded resources become attachments (the SDK inlines text for the model and
/// stores images beside the database); other links are mentioned in the text; images are attached. The original
/// blocks (image data left out) are kept in the message metadata under <c>acp.prompt</c> so
/// <c>session/load</c> replays them as the client sent them.
/// </summary>
internal sealed class AcpPrompt : IDisposable
{
    private const long MaxTextBytes = 1024 * 1024;
    private const long MaxImageBytes = 20 * 1024 * 1024;

    private static readonly HashSet<string> ImageExtensions = new(StringComparer.OrdinalIgnoreCase) { ".png", ".jpg", ".jpeg", ".gif", ".webp" };

    private string? _tempFolder;

    private AcpPrompt(string content, IReadOnlyList<string> files, JsonElement metadata, string? tempFolder)
    {
        Content = content;
        Files = files;
        Metadata = metadata;
        _tempFolder = tempFolder;
    }

    /// <summary>The message text.</summary>
    public string Content { get; }

    /// <summary>Attachments: local paths and <c>data:</c> URLs.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>The message metadata (<c>{"acp":{"prompt":[…]}}</c>).</summary>
    public JsonElement Metadata { get; }

    /// <summary>Reads the blocks of a prompt.</summary>
    /// <exception cref="StreamJsonRpc.LocalRpcException">Invalid params for an audio block or an empty prompt.</exception>
    /// <param name="blocks">The prompt.</param>
    /// <param name="meta">The request's <c>_meta</c>, kept beside the blocks (under <c>acp.meta</c>).</param>
    /// <param name="imagesAllowed">Whether the model takes images; when not, images are only mentioned in the text.</param>
    public static AcpPrompt Read(IReadOnlyList<ContentBlock> blocks, JsonObject? meta = null, bool imagesAllowed = true)
    {
        if (blocks is null || blocks.Count == 0)
        {
            throw AcpErrors.Invalid("prompt", "The prompt has no content blocks.");
        }

        var text = new StringBuilder();
        var files = new List<string>();
        var kept = new JsonArray();
        string? temp = null;
        void AppendText(string value)
        {
            if (text.Length > 0 && value.Length > 0)
            {
                text.Append('\n');
            }

            text.Append(value);
        }

        foreach (var block in blocks)
        {
            switch (block)
            {
                case TextBlock t:
                    AppendText(t.Text);
                    break;
                case ImageBlock image when imagesAllowed:
                    files.Add($"data:{image.MimeType};base64,{image.Data}");
                    break;
                case ImageBlock image:
                    AppendText($"[image ({image.MimeType}) left out: the selected model does not take images]");
                    break;
                case AudioBlock:
                    throw AcpErrors.Invalid("prompt", "Nexo does not take audio prompts (promptCapabilities.audio is false).");
                case ResourceLinkBlock link:
                    if (LocalFile(link.Uri) is { } path && Attachable(path))
                    {
                        files.Add(path);
                    }
                    else
                    {
                        AppendText($"[{link.Title ?? link.Name}]({link.Uri})");
                    }

                    break;
                case ResourceBlock { Resource: var resource }:
                    if (resource.Text is { } body)
                    {
                        temp ??= Directory.CreateTempSubdirectory("nexo-acp-").FullName;
                        var file = Path.Combine(temp, $"{files.Count}", FileName(resource.Uri));
                        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                        File.WriteAllText(file, body, new UTF8Encoding(false));
                        files.Add(file);
                    }
                    else if (resource.Blob is { } blob && resource.MimeType is { } mime && mime.StartsWith("image/", StringComparison.OrdinalIgnoreCase))
                    {
                        files.Add($"data:{mime};base64,{blob}");
                    }
                    else
                    {
                        AppendText($"[{FileName(resource.Uri)}]({resource.Uri})");
                    }

                    break;
            }

            kept.Add(Keep(block));
        }

        var acp = new JsonObject { ["prompt"] = kept };
        if (meta is not null)
        {
            acp["meta"] = meta.DeepClone();
        }

        var metadata = new JsonObject { ["acp"] = acp };
        return new AcpPrompt(text.ToString(), files, JsonSerializer.SerializeToElement(metadata, AcpJson.Options), temp);
    }

    /// <summary>The blocks a stored user message was sent as (image data comes back from the stored attachments).</summary>
    public static IReadOnlyList<ContentBlock> Replay(Message message)
    {
        var images = new Queue<ContentBlock>(StoredImages(message));
        if (message.Metadata is { ValueKind: JsonValueKind.Object } m
            && m.TryGetProperty("acp", out var acp) && acp.ValueKind == JsonValueKind.Object
            && acp.TryGetProperty("prompt", out var prompt) && prompt.ValueKind == JsonValueKind.Array)
        {
            var result = new List<ContentBlock>();
            foreach (var item in prompt.EnumerateArray())
            {
                if (item.TryGetProperty("type", out var type) && type.GetString() == "image")
                {
                    if (images.TryDequeue(out var image))
                    {
                        result.Add(image);
                    }

                    continue;
                }

                try
                {
                    if (item.Deserialize<ContentBlock>(AcpJson.Options) is { } block)
                    {
                        result.Add(block);
                    }
                }
                catch (Exception ex) when (ex is JsonException or NotSupportedException)
                {
                    // A block this version cannot read: leave it out of the replay.
                }
            }

            return result;
        }

        var blocks = new List<ContentBlock>();
        if (message.Content.Length > 0)
        {
            blocks.Add(new TextBlock { Text = message.Content });
        }

        blocks.AddRange(images);
        blocks.AddRange(StoredTextFiles(message));
        return blocks;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _tempFolder, null) is { } folder)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private static JsonNode Keep(ContentBlock block)
    {
        var node = JsonSerializer.SerializeToNode<ContentBlock>(block, AcpJson.Options)!.AsObject();
        if (block is ImageBlock)
        {
            node.Remove("data");
        }

        return node;
    }

    private static IEnumerable<ContentBlock> StoredImages(Message message)
    {
        foreach (var file in StoredFiles(message))
        {
            if (file.MediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase) && file.Path is { } path && File.Exists(path))
            {
                yield return new ImageBlock { Data = Convert.ToBase64String(File.ReadAllBytes(path)), MimeType = file.MediaType };
            }
        }
    }

    private static IEnumerable<ContentBlock> StoredTextFiles(Message message)
    {
        foreach (var file in StoredFiles(message))
        {
            if (file.Text is { } text)
            {
                yield return new ResourceBlock { Resource = new EmbeddedResourceContents { Uri = "file:///" + Uri.EscapeDataString(file.Name), MimeType = file.MediaType, Text = text } };
            }
        }
    }

    private static IEnumerable<(string Name, string MediaType, string? Text, string? Path)> StoredFiles(Message message)
    {
        if (message.Metadata is not { ValueKind: JsonValueKind.Object } m || !m.TryGetProperty("files", out var files) || files.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var f in files.EnumerateArray())
        {
            yield return (
                f.TryGetProperty("name", out var n) ? n.GetString() ?? "file" : "file",
                f.TryGetProperty("mediaType", out var t) ? t.GetString() ?? "application/octet-stream" : "application/octet-stream",
                f.TryGetProperty("text", out var x) ? x.GetString() : null,
                f.TryGetProperty("path", out var p) ? p.GetString() : null);
        }
    }

    private static string? LocalFile(string uri)
    {
        if (Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsFile)
        {
            return parsed.LocalPath;
        }

        return Path.IsPathFullyQualified(uri) ? uri : null;
    }

    /// <summary>Whether the SDK can attach the file: an image, or UTF-8-looking text within the size limits.</summary>
    private static bool Attachable(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return false;
        }

        if (ImageExtensions.Contains(info.Extension))
        {
            return info.Length <= MaxImageBytes;
        }

        if (info.Length > MaxTextBytes)
        {
            return false;
        }

        using var stream = info.OpenRead();
        var head = new byte[(int)Math.Min(info.Length, 8192)];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return Array.IndexOf(head, (byte)0, 0, read) < 0;
    }

    private static string FileName(string uri)
    {
        var path = Uri.TryCreate(uri, UriKind.Absolute, out var parsed) ? parsed.AbsolutePath : uri;
        var name = Path.GetFileName(Uri.UnescapeDataString(path.TrimEnd('/')));
        var safe = new string(name.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray());
        if (safe.Length == 0 || safe.All(c => c == '.'))
        {
            return "resource.txt";
        }

        // Embedded resources are text: never let an image extension make the SDK read them as an image.
        return ImageExtensions.Contains(Path.GetExtension(safe)) ? safe + ".txt" : safe;
    }
}
