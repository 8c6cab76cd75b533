using System.Text.Json;
using System.Text.Json.Nodes;
using Nexo.Chats;
using Nexo.SlashCommands;

namespace Nexo;

/// <summary>
/// Slash commands: Nexo's prompt templates and the MCP prompts of a workspace's servers as one list of commands a
/// person runs as <c>/name …</c>; running one renders the prompt and sends it as the user's turn through the normal send
/// path (<see cref="ChatService.SendMessageAsync"/>: the same events, result and streaming). Reach it as
/// <see cref="NexoClient.SlashCommands"/>.
/// </summary>
/// <remarks>
/// <para>
/// <b>What is listed.</b> Every prompt template, and every prompt of the MCP servers the workspace enables: each key of
/// its <see cref="WorkspaceSettings.McpToolIds"/> (also a server with no tool selected), when the server exists and is
/// enabled. Listing connects those servers (on the workspace's connection, with its root folder); a server that cannot
/// be connected or fails to list its prompts is left out, so one broken server never hides the others.
/// </para>
/// <para>
/// <b>Names.</b> A command word keeps letters, digits, <c>-</c>, <c>_</c> and <c>.</c>; every run of other characters
/// (spaces, <c>/</c>, <c>:</c>, …) becomes one <c>-</c>, and leading or trailing <c>-</c> and <c>.</c> are dropped
/// (template "Code review" is <c>/Code-review</c>); a name with nothing left is not listed. Names are matched
/// case-insensitively. Templates come first: each has its word (a later template, by name order, whose word is taken
/// gets <c>-2</c>, <c>-3</c>…). An MCP prompt has its bare word unless a template or a prompt of another server has the
/// same word: then every such MCP prompt is named <c>server:prompt</c> (the server's name as a word). Every MCP prompt
/// also answers to <c>server:prompt</c> (<see cref="SlashCommand.QualifiedName"/>) whatever it is listed as, so a
/// script or a face whose own command shadows the bare name can still run it.
/// </para>
/// <para>
/// <b>Running.</b> The arguments are checked first: an unknown command is NotFound, an unknown argument name or a
/// missing required argument is a Validation error, and nothing is stored. A template is rendered with
/// <see cref="PromptTemplate.Render"/> (strict); an MCP prompt is filled in with <c>prompts/get</c> and its messages
/// become the user's turn: the text of each message (text blocks, embedded text resources, binary resources that are
/// UTF-8 text), separated by blank lines; images (png, jpeg, gif, webp) and PDFs, as image blocks or embedded binary
/// resources, are attached to the turn as files; resource links become a line <c>[resource NAME: URI]</c>; other blocks
/// (audio, other binaries) a short note that they were not included. When the prompt has assistant-role messages (a
/// scripted exchange), the turn keeps them as text, each change of speaker introduced by <c>User: </c> or
/// <c>Assistant: </c>, so the model reads the whole exchange in the user's turn (nothing is stored as an assistant
/// message). A prompt that yields neither text nor files is an Mcp error. The user message's metadata records the
/// command under <c>slashCommand</c>: <c>{name, source, promptName, serverId?, arguments}</c>.
/// </para>
/// </remarks>
public sealed class SlashCommandService
{
    private readonly ChatService _chats;
    private readonly WorkspaceService _workspaces;
    private readonly PromptService _prompts;
    private readonly McpHost _mcp;
    private readonly ChatEngine _engine;

    internal SlashCommandService(ChatService chats, WorkspaceService workspaces, PromptService prompts, McpHost mcp, ChatEngine engine)
    {
        _chats = chats;
        _workspaces = workspaces;
        _prompts = prompts;
        _mcp = mcp;
        _engine = engine;
    }

    /// <summary>The slash commands of a workspace: its templates and MCP prompts, sorted by name (see the remarks for the naming rule).</summary>
    /// <param name="workspaceId">The workspace.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="NexoException">NotFound for an unknown workspace.</exception>
    public async Task<IReadOnlyList<SlashCommand>> ListAsync(string workspaceId, CancellationToken cancellationToken = default)
    {
        var workspace = await _workspaces.GetAsync(Validate.Id(workspaceId, "workspaceId"), cancellationToken).ConfigureAwait(false);
        return await ListForAsync(workspace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Renders a command into the turn it would send, without sending it: the rendered text as
    /// <see cref="SendMessageRequest.Content"/>, the prompt's images with the request's files, and the request's options.
    /// </summary>
    /// <param name="request">The command, its arguments and the turn's options.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The request <see cref="RunAsync"/> would send.</returns>
    /// <exception cref="NexoException">NotFound (chat, command), Validation (unknown or missing argument, metadata with a reserved key), Mcp (the server failed or rejected the arguments).</exception>
    public async Task<SendMessageRequest> RenderAsync(RunSlashCommandRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var chat = await _chats.GetAsync(request.ChatId, cancellationToken).ConfigureAwait(false);
        var workspace = await _workspaces.GetAsync(chat.WorkspaceId, cancellationToken).ConfigureAwait(false);
        var wanted = Validate.Name(request.Name, "name").TrimStart('/');
        var commands = await ListForAsync(workspace, cancellationToken).ConfigureAwait(false);
        var command = Find(commands, wanted) ?? throw NexoException.NotFound("slash command", wanted);
        var arguments = CheckArguments(command, request.Arguments ?? new Dictionary<string, string>());

        string content;
        IReadOnlyList<string> files = [];
        if (command.Source == SlashCommandSource.Template)
        {
            var template = await _prompts.GetAsync(command.PromptId!, cancellationToken).ConfigureAwait(false);
            content = PromptTemplate.Render(template.Content, arguments, strict: true);
        }
        else
        {
            var result = await _mcp.GetWorkspacePromptAsync(workspace, command.ServerId!, command.PromptName, arguments, cancellationToken).ConfigureAwait(false);
            (content, files) = SlashCommandPrompt.Render(result);
            if (content.Length == 0 && files.Count == 0)
            {
                throw new NexoException(NexoErrorKind.Mcp, $"The MCP prompt '{command.PromptName}' of '{command.ServerName}' gave nothing to send.");
            }
        }

        return new SendMessageRequest
        {
            ChatId = chat.Id,
            Content = content,
            Files = files.Concat(request.Files ?? []).ToList() is { Count: > 0 } all ? all : null,
            Resources = request.Resources,
            Metadata = WithCommand(request.Metadata, command, arguments),
            SelectedModel = request.SelectedModel,
            ReasoningEffort = request.ReasoningEffort,
            LlmConnectionId = request.LlmConnectionId,
            SystemMessage = request.SystemMessage,
            Temperature = request.Temperature,
            Stream = request.Stream,
            ParentMessageId = request.ParentMessageId,
            ResponseFormat = request.ResponseFormat,
            WorkspaceAccess = request.WorkspaceAccess,
            Tools = request.Tools,
            IgnoreBudget = request.IgnoreBudget,
        };
    }

    /// <summary>
    /// Runs a command: renders it (<see cref="RenderAsync"/>) and sends the result as the user's turn with
    /// <see cref="ChatService.SendMessageAsync"/> (events on <see cref="NexoClient.Events"/>). Nothing is stored when
    /// the command, its arguments or its rendering fail.
    /// </summary>
    /// <param name="request">The command, its arguments and the turn's options.</param>
    /// <param name="cancellationToken">Cancels the turn.</param>
    /// <returns>The turn's result, as <see cref="ChatService.SendMessageAsync"/> returns it.</returns>
    /// <exception cref="NexoException">The errors of <see cref="RenderAsync"/>, then those of <see cref="ChatService.SendMessageAsync"/>.</exception>
    public async Task<SendMessageResult> RunAsync(RunSlashCommandRequest request, CancellationToken cancellationToken = default)
    {
        var turn = await RenderAsync(request, cancellationToken).ConfigureAwait(false);
        return await _chats.SendMessageAsync(turn, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts a command's turn (as <see cref="RunAsync"/>) and returns it at once, like
    /// <see cref="ChatService.StartTurn(SendMessageRequest, CancellationToken)"/>: its own events and its completion, which
    /// faults with the rendering's error when the command cannot run.
    /// </summary>
    /// <param name="request">The command, its arguments and the turn's options.</param>
    /// <param name="cancellationToken">Cancels the turn.</param>
    /// <returns>The running turn.</returns>
    public ChatTurn StartTurn(RunSlashCommandRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ChatTurn(
            async (sink, ct) => await _engine.SendAsync(await RenderAsync(request, ct).ConfigureAwait(false), sink, ct).ConfigureAwait(false),
            () => _engine.CancelAsync(request.ChatId, CancellationToken.None),
            cancellationToken);
    }

    /// <summary>
    /// Finds a command by its name, else its qualified name (case-insensitive), else a template command by the template's
    /// own name or id (so <c>Code review</c> finds <c>/Code-review</c>); <see langword="null"/> when none matches.
    /// </summary>
    /// <param name="commands">A workspace's commands (<see cref="ListAsync(string, CancellationToken)"/>).</param>
    /// <param name="name">The name typed, with or without the leading slash.</param>
    public static SlashCommand? Find(IReadOnlyList<SlashCommand> commands, string name)
    {
        ArgumentNullException.ThrowIfNull(commands);
        ArgumentNullException.ThrowIfNull(name);
        var key = name.TrimStart('/');
        return commands.FirstOrDefault(c => string.Equals(c.Name, key, StringComparison.OrdinalIgnoreCase))
            ?? commands.FirstOrDefault(c => string.Equals(c.QualifiedName, key, StringComparison.OrdinalIgnoreCase))
            ?? commands.FirstOrDefault(c => c.Source == SlashCommandSource.Template
                && (string.Equals(c.PromptName, key, StringComparison.OrdinalIgnoreCase) || string.Equals(c.PromptId, key, StringComparison.Ordinal)));
    }

    private async Task<IReadOnlyList<SlashCommand>> ListForAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        var settings = await _workspaces.GetSettingsAsync(workspace.Id, cancellationToken).ConfigureAwait(false);
        var templates = _prompts.ListAsync(cancellationToken);
        var prompts = _mcp.ListWorkspacePromptsAsync(workspace, settings, cancellationToken);
        return SlashCommandNames.Assign(await templates.ConfigureAwait(false), await prompts.ConfigureAwait(false));
    }

    private static Dictionary<string, string> CheckArguments(SlashCommand command, IReadOnlyDictionary<string, string> given)
    {
        var unknown = given.Keys.Where(k => command.Arguments.All(a => a.Name != k)).ToList();
        if (unknown.Count > 0)
        {
            var takes = command.Arguments.Count == 0 ? "takes no arguments" : $"takes {string.Join(", ", command.Arguments.Select(a => a.Name))}";
            throw NexoException.Validation("arguments", $"/{command.Name} has no argument {string.Join(", ", unknown.Select(u => $"'{u}'"))}; it {takes}.");
        }

        var missing = command.Arguments.Where(a => a.Required && !given.ContainsKey(a.Name)).Select(a => a.Name).ToList();
        if (missing.Count > 0)
        {
            throw NexoException.Validation("arguments", $"/{command.Name} needs a value for: {string.Join(", ", missing)}.");
        }

        var nulls = given.Where(kv => kv.Value is null).Select(kv => kv.Key).ToList();
        if (nulls.Count > 0)
        {
            throw NexoException.Validation("arguments", $"The arguments of /{command.Name} must be strings ({string.Join(", ", nulls)} has none).");
        }

        return given.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
    }

    private static JsonElement WithCommand(JsonElement? metadata, SlashCommand command, IReadOnlyDictionary<string, string> arguments)
    {
        if (metadata is { ValueKind: not JsonValueKind.Object and not JsonValueKind.Null and not JsonValueKind.Undefined })
        {
            throw NexoException.Validation("metadata", "The metadata must be a JSON object.");
        }

        var root = metadata is { ValueKind: JsonValueKind.Object } m ? JsonNode.Parse(m.GetRawText())!.AsObject() : new JsonObject();
        if (root.ContainsKey("slashCommand"))
        {
            throw NexoException.Validation("metadata", "The metadata key 'slashCommand' is reserved for Nexo's record of the command that made the message.");
        }

        var record = new JsonObject
        {
            ["name"] = command.Name,
            ["source"] = command.Source == SlashCommandSource.Template ? "template" : "mcp",
            ["promptName"] = command.PromptName,
        };
        if (command.ServerId is not null)
        {
            record["serverId"] = command.ServerId;
        }

        var values = new JsonObject();
        foreach (var (name, value) in arguments)
        {
            values[name] = value;
        }

        record["arguments"] = values;
        root["slashCommand"] = record;
        return JsonDocument.Parse(root.ToJsonString()).RootElement.Clone();
    }
}
