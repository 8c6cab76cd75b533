using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Nexo.Storage;

namespace Nexo.Chats;

/// <summary>One attached file of a user message (or one content item of an attached MCP resource, <see cref="Resource"/>).</summary>
internal sealed record Attachment(string Name, string MediaType, long Size, string? Text, byte[]? Data, string? StoredPath)
{
    /// <summary>Where an attached MCP resource came from; <see langword="null"/> for a file.</summary>
    public ResourceSource? Resource { get; init; }
}

/// <summary>The MCP server and URI of an attached resource.</summary>
internal sealed record ResourceSource(string ServerId, string ServerName, string Uri);

/// <summary>
/// Reads the files attached to a user message (paths, <c>file://</c> URIs, <c>data:</c> URLs), stores images and PDFs
/// beside the database and describes them in the message metadata, and turns them into model content.
/// </summary>
internal static class Attachments
{
    public const long MaxTextBytes = 1024 * 1024;
    public const long MaxImageBytes = 20 * 1024 * 1024;
    public const string PdfMediaType = "application/pdf";

    private static readonly Dictionary<string, string> ImageTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".png"] = "image/png", [".jpg"] = "image/jpeg", [".jpeg"] = "image/jpeg", [".gif"] = "image/gif", [".webp"] = "image/webp",
    };

    public static async Task<IReadOnlyList<Attachment>> LoadAsync(IReadOnlyList<string>? files, CancellationToken cancellationToken)
    {
        var result = new List<Attachment>();
        foreach (var file in files ?? [])
        {
            if (string.IsNullOrWhiteSpace(file))
            {
                throw NexoException.Validation("files", "An attached file reference is empty.");
            }

            result.Add(file.StartsWith("data:", StringComparison.OrdinalIgnoreCase)
                ? FromDataUrl(file, result.Count)
                : await FromPathAsync(file, cancellationToken).ConfigureAwait(false));
        }

        return result;
    }

    /// <summary>Writes image and PDF bytes under <paramref name="folder"/> and returns the attachments with their stored paths.</summary>
    public static async Task<IReadOnlyList<Attachment>> StoreAsync(IReadOnlyList<Attachment> attachments, string folder, CancellationToken cancellationToken)
    {
        var stored = new List<Attachment>();
        foreach (var a in attachments)
        {
            if (a.Data is null)
            {
                stored.Add(a);
                continue;
            }

            OwnerOnly.CreateDirectory(folder);
            var path = Path.Combine(folder, $"{stored.Count}-{SafeName(a.Name)}");
            await OwnerOnly.WriteAllBytesAsync(path, a.Data, cancellationToken).ConfigureAwait(false);
            stored.Add(a with { StoredPath = path });
        }

        return stored;
    }

    /// <summary>Adds a <c>files</c> array describing the attachments to the user's metadata object.</summary>
    public static JsonElement? MergeIntoMetadata(JsonElement? metadata, IReadOnlyList<Attachment> attachments)
    {
        if (attachments.Count == 0)
        {
            return metadata;
        }

        var root = metadata is { ValueKind: JsonValueKind.Object } m ? JsonNode.Parse(m.GetRawText())!.AsObject() : new JsonObject();
        var files = new JsonArray();
        foreach (var a in attachments)
        {
            var item = new JsonObject { ["name"] = a.Name, ["mediaType"] = a.MediaType, ["size"] = a.Size };
            if (a.Text is not null)
            {
                item["text"] = a.Text;
            }

            if (a.StoredPath is not null)
            {
                item["path"] = a.StoredPath;
            }

            if (a.Resource is { } resource)
            {
                item["serverId"] = resource.ServerId;
                item["server"] = resource.ServerName;
                item["uri"] = resource.Uri;
            }

            files.Add((JsonNode)item);
        }

        root["files"] = files;
        return JsonDocument.Parse(root.ToJsonString()).RootElement.Clone();
    }

    /// <summary>
    /// Reads the attachments described in a stored user message's metadata. A file is read only from that message's own
    /// folder under the attachments folder (<c>&lt;attachmentsFolder&gt;/&lt;messageId&gt;/&lt;file name&gt;</c>, the stored
    /// path's directory is ignored), only when it is a regular file (not a link) within <see cref="MaxImageBytes"/>;
    /// inline text longer than <see cref="MaxTextBytes"/> is dropped. Anything else is noted as no longer available, so
    /// a crafted <c>path</c> such as <c>/etc/passwd</c> is never read. (Because only the file name counts, a backup
    /// restored elsewhere finds its copied attachments.)
    /// </summary>
    public static IReadOnlyList<Attachment> FromMetadata(JsonElement? metadata, string attachmentsFolder, string messageId)
    {
        if (metadata is not { ValueKind: JsonValueKind.Object } m || !m.TryGetProperty("files", out var files) || files.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var result = new List<Attachment>();
        foreach (var f in files.EnumerateArray())
        {
            if (f.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var name = f.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() ?? "file" : "file";
            var type = f.TryGetProperty("mediaType", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() ?? "application/octet-stream" : "application/octet-stream";
            var size = f.TryGetProperty("size", out var s) && s.TryGetInt64(out var sz) ? sz : 0;
            var text = f.TryGetProperty("text", out var tx) && tx.ValueKind == JsonValueKind.String ? tx.GetString() : null;
            if (text is not null && Encoding.UTF8.GetByteCount(text) > MaxTextBytes)
            {
                text = null;
            }

            var path = f.TryGetProperty("path", out var p) && p.ValueKind == JsonValueKind.String ? TrustedPath(p.GetString(), attachmentsFolder, messageId) : null;
            byte[]? data = null;
            if (text is null && path is not null)
            {
                data = ReadStored(path);
            }

            result.Add(new Attachment(name, type, size, text, data, path) { Resource = ResourceOf(f) });
        }

        return result;
    }

    private static ResourceSource? ResourceOf(JsonElement item) =>
        item.TryGetProperty("uri", out var uri) && uri.ValueKind == JsonValueKind.String
        && item.TryGetProperty("serverId", out var id) && id.ValueKind == JsonValueKind.String
            ? new ResourceSource(
                id.GetString()!,
                item.TryGetProperty("server", out var server) && server.ValueKind == JsonValueKind.String ? server.GetString()! : id.GetString()!,
                uri.GetString()!)
            : null;

    /// <summary>Where a stored attachment may be: its file name inside the message's own folder, or <see langword="null"/>.</summary>
    internal static string? TrustedPath(string? stored, string attachmentsFolder, string messageId)
    {
        var fileName = Path.GetFileName(stored);
        if (string.IsNullOrEmpty(fileName) || fileName is "." or ".." || messageId.Length == 0 || messageId != Path.GetFileName(messageId) || messageId is "." or "..")
        {
            return null;
        }

        var root = Path.GetFullPath(attachmentsFolder);
        var candidate = Path.GetFullPath(Path.Combine(root, messageId, fileName));
        return candidate.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? candidate : null;
    }

    internal static byte[]? ReadStored(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.LinkTarget is not null || info.Directory?.LinkTarget is not null || info.Length > MaxImageBytes)
            {
                return null;
            }

            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Refuses client metadata that sets a reserved key: <c>files</c> (only Nexo describes attachments, from the files
    /// it read and stored itself) or <c>responseFormat</c> (only Nexo records the check of a structured answer).
    /// </summary>
    /// <exception cref="NexoException">Validation (field <c>metadata</c>) when the key is present.</exception>
    public static void RejectReservedKeys(JsonElement? metadata)
    {
        if (metadata is { ValueKind: JsonValueKind.Object } m && m.TryGetProperty("files", out _))
        {
            throw NexoException.Validation("metadata", "The metadata key 'files' is reserved for Nexo's description of attachments; attach files with the request's 'files' (paths or data: URLs) instead.");
        }

        if (metadata is { ValueKind: JsonValueKind.Object } r && r.TryGetProperty(StructuredOutput.MetadataKey, out _))
        {
            throw NexoException.Validation("metadata", $"The metadata key '{StructuredOutput.MetadataKey}' is reserved for Nexo's check of a structured answer; ask for one with the request's 'responseFormat' instead.");
        }
    }

    /// <summary>
    /// Whether a turn on <paramref name="connection"/> sends PDF attachments as documents: the connection says so
    /// (<see cref="LlmConnection.NativeDocuments"/>) and its provider accepts PDFs. Only Anthropic's Messages API does
    /// here (its <see cref="IChatClient"/> maps a <c>application/pdf</c> <see cref="DataContent"/> to a <c>document</c>
    /// block with a base64 source); every other provider gets the extracted text.
    /// </summary>
    public static bool SendsPdfNatively(LlmConnection connection) =>
        connection.NativeDocuments && connection.Provider == LlmProviderKind.Anthropic;

    /// <summary>
    /// The model content of a user message with its attachments. With <paramref name="nativePdf"/> (see
    /// <see cref="SendsPdfNatively"/>) a PDF whose bytes are at hand (just attached, or stored beside the database) is a
    /// <see cref="DataContent"/> of type <c>application/pdf</c> instead of its extracted text; without its bytes (a
    /// message stored before PDFs were kept) the text is inlined as before.
    /// </summary>
    public static List<AIContent> ToContents(string content, IReadOnlyList<Attachment> attachments, bool nativePdf = false)
    {
        var contents = new List<AIContent>();
        if (content.Length > 0)
        {
            contents.Add(new TextContent(content));
        }

        foreach (var a in attachments)
        {
            if (a.Resource is { } resource)
            {
                contents.AddRange(ResourceAttachments.ToContents(a, resource));
                continue;
            }

            if (nativePdf && IsPdf(a.MediaType) && (a.Data ?? (a.StoredPath is null ? null : ReadStored(a.StoredPath))) is { } pdf)
            {
                contents.Add(new DataContent(pdf, PdfMediaType) { Name = a.Name });
            }
            else if (a.Text is not null)
            {
                contents.Add(new TextContent($"<file name=\"{a.Name}\">\n{a.Text}\n</file>"));
            }
            else if (a.Data is not null)
            {
                contents.Add(new DataContent(a.Data, a.MediaType) { Name = a.Name });
            }
            else
            {
                contents.Add(new TextContent($"[attachment '{a.Name}' is no longer available]"));
            }
        }

        return contents;
    }

    private static Attachment FromDataUrl(string url, int index)
    {
        DataContent data;
        try
        {
            data = new DataContent(url);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            throw NexoException.Validation("files", $"Attachment {index + 1} is not a valid data: URL ({ex.Message}).");
        }

        var bytes = data.Data.ToArray();
        var ext = data.MediaType.Split('/').Last().Split(';')[0];
        return Classify($"attachment-{index + 1}.{ext}", data.MediaType, bytes);
    }

    private static async Task<Attachment> FromPathAsync(string reference, CancellationToken cancellationToken)
    {
        var path = reference.StartsWith("file://", StringComparison.OrdinalIgnoreCase) ? new Uri(reference).LocalPath : reference;
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw NexoException.Validation("files", $"The attached file '{reference}' does not exist.");
        }

        if (info.Length > MaxImageBytes)
        {
            throw NexoException.Validation("files", $"The attached file '{info.Name}' is {info.Length} bytes; the limit is {MaxImageBytes}.");
        }

        var bytes = await File.ReadAllBytesAsync(info.FullName, cancellationToken).ConfigureAwait(false);
        var type = ImageTypes.TryGetValue(info.Extension, out var image) ? image
            : string.Equals(info.Extension, ".pdf", StringComparison.OrdinalIgnoreCase) ? PdfMediaType
            : "text/plain";
        return Classify(info.Name, type, bytes);
    }

    private static Attachment Classify(string name, string mediaType, byte[] bytes)
    {
        if (mediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase))
        {
            if (bytes.Length > MaxImageBytes)
            {
                throw NexoException.Validation("files", $"The image '{name}' is {bytes.Length} bytes; the limit is {MaxImageBytes}.");
            }

            return new Attachment(name, mediaType, bytes.Length, null, bytes, null);
        }

        if (IsPdf(mediaType) || bytes.AsSpan().StartsWith("%PDF-"u8))
        {
            return FromPdf(name, bytes);
        }

        if (bytes.Length > MaxTextBytes)
        {
            throw NexoException.Validation("files", $"The text file '{name}' is {bytes.Length} bytes; the limit is {MaxTextBytes}.");
        }

        if (Array.IndexOf(bytes, (byte)0) >= 0)
        {
            throw NexoException.Validation("files", $"The file '{name}' is neither text, a PDF nor an image (png, jpeg, gif, webp); only those can be attached.");
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw NexoException.Validation("files", $"The file '{name}' is not UTF-8 text or an image.");
        }

        return new Attachment(name, mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase) ? mediaType : "text/plain", bytes.Length, text, null, null);
    }

    /// <summary>
    /// A PDF as text (PdfPig): each page's words in reading order after a <c>--- page N ---</c> marker. The text is inlined
    /// and stored like a text file's, so the model reads it again on later turns; the PDF itself is kept beside the
    /// database like an image, so a connection that sends documents natively (<see cref="SendsPdfNatively"/>) can send
    /// it again on later turns.
    /// </summary>
    private static Attachment FromPdf(string name, byte[] bytes)
    {
        if (bytes.Length > MaxImageBytes)
        {
            throw NexoException.Validation("files", $"The PDF '{name}' is {bytes.Length} bytes; the limit is {MaxImageBytes}.");
        }

        var text = new StringBuilder();
        try
        {
            using var document = UglyToad.PdfPig.PdfDocument.Open(bytes);
            foreach (var page in document.GetPages())
            {
                if (text.Length > 0)
                {
                    text.Append('\n');
                }

                text.Append("--- page ").Append(page.Number).Append(" ---\n");
                text.Append(UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor.ContentOrderTextExtractor.GetText(page).Trim());
                text.Append('\n');
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw NexoException.Validation("files", $"The PDF '{name}' could not be read ({ex.Message}); only readable PDFs with a text layer can be attached.");
        }

        var extracted = text.ToString().TrimEnd('\n');
        if (Encoding.UTF8.GetByteCount(extracted) > MaxTextBytes)
        {
            throw NexoException.Validation("files", $"The text of the PDF '{name}' is {Encoding.UTF8.GetByteCount(extracted)} bytes; the limit is {MaxTextBytes}.");
        }

        return new Attachment(name, PdfMediaType, bytes.Length, extracted, bytes, null);
    }

    private static bool IsPdf(string mediaType) =>
        string.Equals(mediaType.Split(';')[0].Trim(), PdfMediaType, StringComparison.OrdinalIgnoreCase);

    internal static string SafeName(string name) =>
        new(name.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray());
}
