using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Nexo.Chats;
using Nexo.Storage;

namespace Nexo.Transfer;

/// <summary>Forks, exports and imports chats (<see cref="ChatService.ForkAsync"/>, <see cref="ChatService.ExportAsync"/>, <see cref="ChatService.ImportAsync"/>).</summary>
internal sealed class ChatTransfer(
    IWorkspaceRepository workspaces,
    IMessageRepository messages,
    IChatImportWriter writer,
    AttachmentStore attachments,
    TimeProvider time)
{
    /// <summary>The <c>format</c> value of a Nexo chat export.</summary>
    public const string FormatName = "nexo-chat-export";

    /// <summary>The suffix of a fork's title.</summary>
    public const string ForkSuffix = " (fork)";

    private static readonly JsonSerializerOptions Indented = new(NexoJson.Options) { WriteIndented = true };

    public async Task<string> ExportAsync(Chat chat, ChatExportFormat format, CancellationToken cancellationToken)
    {
        var workspace = await workspaces.GetAsync(chat.WorkspaceId, cancellationToken).ConfigureAwait(false)
            ?? throw NexoException.NotFound("workspace", chat.WorkspaceId);
        var branch = await ActiveBranchAsync(chat, cancellationToken).ConfigureAwait(false);
        if (format == ChatExportFormat.Markdown)
        {
            return ChatMarkdown.Render(chat, workspace, branch);
        }

        var all = await ReadAllAsync(chat.Id, cancellationToken).ConfigureAwait(false);
        var document = new ExportOut
        {
            ExportedAt = time.UtcNowMs(),
            Workspace = workspace,
            Chat = chat,
            ActiveBranch = branch.Select(m => m.Id).ToList(),
            Messages = all,
        };
        return JsonSerializer.Serialize(document, (JsonTypeInfo<ExportOut>)Indented.GetTypeInfo(typeof(ExportOut))) + "\n";
    }

    public async Task<Chat> ForkAsync(Chat chat, string messageId, CancellationToken cancellationToken)
    {
        var message = await messages.GetAsync(messageId, cancellationToken).ConfigureAwait(false);
        if (message is null || message.ChatId != chat.Id)
        {
            throw NexoException.Validation("messageId", $"The message '{messageId}' is not a message of chat '{chat.Id}'.");
        }

        var branch = (await messages.GetBranchAsync(message.Id, cancellationToken).ConfigureAwait(false)).ToList();
        var active = await ActiveBranchAsync(chat, cancellationToken).ConfigureAwait(false);
        var at = active.ToList().FindIndex(m => m.Id == message.Id);
        if (at >= 0)
        {
            // An assistant message's tool results belong with it: a fork never ends on calls without their answers.
            for (var i = at + 1; i < active.Count && active[i].Role == MessageRole.Tool; i++)
            {
                branch.Add(active[i]);
            }
        }

        var now = time.UtcNowMs();
        var ids = branch.ToDictionary(m => m.Id, _ => Ids.New(), StringComparer.Ordinal);
        var copies = new List<Message>(branch.Count);
        try
        {
            foreach (var m in branch)
            {
                var id = ids[m.Id];
                copies.Add(Settled(m) with
                {
                    Id = id,
                    ChatId = string.Empty,
                    ParentId = m.ParentId is { } p && ids.TryGetValue(p, out var np) ? np : null,
                    Sequence = copies.Count + 1,
                    Metadata = CopyAttachments(m.Metadata, m.Id, id),
                });
            }

            var fork = new Chat
            {
                Id = Ids.New(),
                WorkspaceId = chat.WorkspaceId,
                Title = ForkTitle(chat.Title),
                LastMessage = PreviewOf(copies) ?? chat.LastMessage,
                ActiveMessageId = copies[^1].Id,
                CreatedAt = now,
                UpdatedAt = now,
            };
            var stored = copies.Select(c => c with { ChatId = fork.Id }).ToList();
            await writer.WriteAsync([new ChatToWrite(fork, stored)], cancellationToken).ConfigureAwait(false);
            return fork;
        }
        catch
        {
            attachments.Delete(ids.Values);
            throw;
        }
    }

    public async Task<IReadOnlyList<Chat>> ImportAsync(ChatImportRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var workspaceId = Validate.Id(request.WorkspaceId, "workspaceId");
        if (request.Content is null)
        {
            throw NexoException.Validation("content", "The content to import is required.");
        }

        if (await workspaces.GetAsync(workspaceId, cancellationToken).ConfigureAwait(false) is null)
        {
            throw NexoException.NotFound("workspace", workspaceId);
        }

        var chats = request.Format switch
        {
            ChatImportFormat.ChatGpt => ChatGptImport.Read(workspaceId, request.Content, time.UtcNowMs()),
            _ => ReadNexo(workspaceId, request.Content),
        };
        await writer.WriteAsync(chats, cancellationToken).ConfigureAwait(false);
        return chats.Select(c => c.Chat).ToList();
    }

    /// <summary>The leaf-to-root branch the chat shows, oldest first.</summary>
    private async Task<IReadOnlyList<Message>> ActiveBranchAsync(Chat chat, CancellationToken cancellationToken)
    {
        var leaf = chat.ActiveMessageId ?? (await messages.GetLatestAsync(chat.Id, cancellationToken).ConfigureAwait(false))?.Id;
        return leaf is null ? [] : await messages.GetBranchAsync(leaf, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<Message>> ReadAllAsync(string chatId, CancellationToken cancellationToken)
    {
        var all = new List<Message>();
        long after = -1;
        while (true)
        {
            var page = await messages.ListAsync(chatId, new MessageQuery { AfterSequence = after, Limit = 1000 }, cancellationToken).ConfigureAwait(false);
            all.AddRange(page);
            if (page.Count < 1000)
            {
                return all;
            }

            after = page[^1].Sequence;
        }
    }

    private static List<ChatToWrite> ReadNexo(string workspaceId, string content)
    {
        using var document = ImportErrors.Parse(content);
        var root = document.RootElement;
        if (root.ValueKind is not JsonValueKind.Object and not JsonValueKind.Array)
        {
            throw ImportErrors.At("$", $"expected a Nexo chat export (an object with \"format\": \"{FormatName}\") or an array of them");
        }

        var items = root.ValueKind == JsonValueKind.Array
            ? root.EnumerateArray().Select((e, i) => (Element: e, Path: $"$[{i}]")).ToList()
            : [(root, "$")];
        var result = new List<ChatToWrite>();
        foreach (var (element, path) in items)
        {
            result.Add(ReadOne(workspaceId, element, path));
        }

        return result;
    }

    private static ChatToWrite ReadOne(string workspaceId, JsonElement element, string at)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw ImportErrors.At(at, "expected a Nexo chat export object");
        }

        if (!element.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != FormatName)
        {
            throw ImportErrors.At(at + ".format", $"expected \"{FormatName}\" (is this a Nexo export? ChatGPT's conversations.json needs format chatgpt)");
        }

        ExportIn doc;
        try
        {
            doc = element.Deserialize(NexoJson.Info<ExportIn>())!;
        }
        catch (JsonException ex)
        {
            throw ImportErrors.At(ImportErrors.Join(at, ex.Path), ImportErrors.Detail(ex));
        }

        if (doc.Version != 1)
        {
            throw ImportErrors.At(at + ".version", $"version {doc.Version} is not supported (this Nexo reads version 1)");
        }

        if (doc.Chat is null)
        {
            throw ImportErrors.At(at + ".chat", "missing");
        }

        string title;
        try
        {
            title = Validate.Name(doc.Chat.Title, "title");
        }
        catch (NexoException ex)
        {
            throw ImportErrors.At(at + ".chat.title", ex.Message);
        }

        var source = doc.Messages ?? [];
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var increasing = source.Select(m => m.Sequence).Zip(source.Select(m => m.Sequence).Skip(1)).All(p => p.First < p.Second) && source.All(m => m.Sequence > 0);
        var chatId = Ids.New();
        var stored = new List<Message>(source.Count);
        for (var i = 0; i < source.Count; i++)
        {
            var m = source[i];
            var path = $"{at}.messages[{i}]";
            if (m is null)
            {
                throw ImportErrors.At(path, "expected a message object");
            }

            if (string.IsNullOrWhiteSpace(m.Id))
            {
                throw ImportErrors.At(path + ".id", "missing");
            }

            if (ids.ContainsKey(m.Id))
            {
                throw ImportErrors.At(path + ".id", $"duplicate message id '{m.Id}'");
            }

            string? parent = null;
            if (m.ParentId is { } p && !ids.TryGetValue(p, out parent))
            {
                throw ImportErrors.At(path + ".parentId", $"unknown message '{p}' (a parent must come before its children)");
            }

            if (m.Content is null)
            {
                throw ImportErrors.At(path + ".content", "expected a string");
            }

            if (m.Metadata is { ValueKind: not JsonValueKind.Object and not JsonValueKind.Null })
            {
                throw ImportErrors.At(path + ".metadata", "expected a JSON object");
            }

            var id = Ids.New();
            ids[m.Id] = id;
            stored.Add(Settled(m) with
            {
                Id = id,
                ChatId = chatId,
                ParentId = parent,
                Sequence = increasing ? m.Sequence : i + 1,
                Metadata = WithoutPaths(m.Metadata),
            });
        }

        string? active = null;
        if (doc.Chat.ActiveMessageId is { } a && !ids.TryGetValue(a, out active))
        {
            throw ImportErrors.At(at + ".chat.activeMessageId", $"unknown message '{a}'");
        }

        var chat = doc.Chat with { Id = chatId, WorkspaceId = workspaceId, Title = title, ActiveMessageId = active };
        return new ChatToWrite(chat, stored);
    }

    /// <summary>A message that was still being written is stored as interrupted (no process will finish it).</summary>
    private static Message Settled(Message m) =>
        m.Status is MessageStatus.Pending or MessageStatus.Streaming
            ? m with { Status = MessageStatus.Error, Error = m.Error ?? SqliteMessageRepository.InterruptedError }
            : m;

    internal static string ForkTitle(string title)
    {
        var room = Validate.MaxNameLength - ForkSuffix.Length;
        var trimmed = title.Trim();
        return (trimmed.Length > room ? trimmed[..room].TrimEnd() : trimmed) + ForkSuffix;
    }

    internal static string? PreviewOf(IReadOnlyList<Message> branch) =>
        branch.LastOrDefault(m => m.Content.Length > 0) is { } last ? ChatRows.Preview(last.Content) : null;

    /// <summary>
    /// Copies a message's stored attachment files into the copy's own folder and points the <c>files</c> entries there.
    /// Files are read only from the source message's own folder (the stored path's directory is ignored); an entry whose
    /// file is missing keeps its description without a path.
    /// </summary>
    private JsonElement? CopyAttachments(JsonElement? metadata, string fromMessageId, string toMessageId) =>
        RewriteFiles(metadata, file =>
        {
            if (file["path"] is not JsonValue pathValue || !pathValue.TryGetValue<string>(out var storedPath))
            {
                return;
            }

            file.Remove("path");
            var name = Path.GetFileName(storedPath);
            if (string.IsNullOrEmpty(name) || name is "." or ".." || fromMessageId != Path.GetFileName(fromMessageId))
            {
                return;
            }

            var source = new FileInfo(Path.Combine(attachments.FolderOf(fromMessageId), name));
            if (!source.Exists || source.LinkTarget is not null)
            {
                return;
            }

            var folder = attachments.FolderOf(toMessageId);
            OwnerOnly.CreateDirectory(folder);
            var destination = Path.Combine(folder, name);
            OwnerOnly.CopyFile(source.FullName, destination);
            file["path"] = destination;
        });

    /// <summary>Imported attachments keep their description (name, type, size, inline text) but never a file path.</summary>
    private static JsonElement? WithoutPaths(JsonElement? metadata) => RewriteFiles(metadata, file => file.Remove("path"));

    private static JsonElement? RewriteFiles(JsonElement? metadata, Action<JsonObject> rewrite)
    {
        if (metadata is not { ValueKind: JsonValueKind.Object } m || !m.TryGetProperty("files", out var files) || files.ValueKind != JsonValueKind.Array)
        {
            return metadata is { ValueKind: JsonValueKind.Null } ? null : metadata;
        }

        var root = JsonNode.Parse(m.GetRawText())!.AsObject();
        foreach (var file in root["files"]!.AsArray())
        {
            if (file is JsonObject o)
            {
                rewrite(o);
            }
        }

        return JsonDocument.Parse(root.ToJsonString()).RootElement.Clone();
    }

    /// <summary>The written document; property order is the file's.</summary>
    internal sealed record ExportOut
    {
        public string Format { get; init; } = FormatName;

        public int Version { get; init; } = 1;

        public DateTimeOffset ExportedAt { get; init; }

        public required Workspace Workspace { get; init; }

        public required Chat Chat { get; init; }

        public required IReadOnlyList<string> ActiveBranch { get; init; }

        public required IReadOnlyList<Message> Messages { get; init; }
    }

    /// <summary>The read document: the workspace and the active branch list are informative only.</summary>
    internal sealed record ExportIn
    {
        public int Version { get; init; }

        public Chat? Chat { get; init; }

        public List<Message>? Messages { get; init; }
    }
}
