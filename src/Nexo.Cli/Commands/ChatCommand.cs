using System.CommandLine;
using Nexo.Cli.Conversation;
using Nexo.Cli.Setup;

namespace Nexo.Cli.Commands;

/// <summary>
/// <c>nexo chat [MESSAGE]</c>: sends MESSAGE (or piped stdin, or both) and streams the answer to stdout; without a
/// message at a terminal, starts an interactive session.
/// </summary>
internal static class ChatCommand
{
    public static Command Create(CliRuntime runtime)
    {
        var message = new Argument<string>("MESSAGE") { Description = "The message; piped stdin is appended to it (or sent alone). Omit both at a terminal for an interactive session", Arity = ArgumentArity.ZeroOrOne };
        var workspace = CommonOptions.Workspace();
        var chat = new Option<string>("--chat") { Description = "Continue this chat (default: the workspace's most recent chat)", HelpName = "ID" };
        var newChat = new Option<bool>("--new", "-n") { Description = "Start a new chat" };
        var connection = new Option<string>("--connection", "-c") { Description = "The LLM connection for this message (name or id); 'echo' is the built-in offline provider (it repeats your message), created on first use", HelpName = "NAME|ID" };
        var model = new Option<string>("--model", "-m") { Description = "The model for this message", HelpName = "MODEL" };
        var system = new Option<string>("--system", "-s") { Description = "A system prompt for this message (replaces the workspace's)", HelpName = "TEXT" };
        var temperature = new Option<double?>("--temperature", "-t") { Description = "Sampling temperature, 0 to 2", HelpName = "T" };
        temperature.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double?>() is { } t && (double.IsNaN(t) || t < 0 || t > 2))
            {
                r.AddError("--temperature must be between 0 and 2.");
            }
        });
        var noStream = new Option<bool>("--no-stream") { Description = "Wait for the whole answer instead of streaming it" };
        var showThinking = new Option<bool>("--show-thinking") { Description = "Show the model's reasoning, dimmed, on stderr" };
        var yes = new Option<bool>("--yes", "-y") { Description = "Allow tool calls that only read without asking: the read-only built-in tools (read_file, list_directory, find_files, search_text, read_mcp_resource) and MCP tools marked read-only" };
        var yesAll = new Option<bool>("--yes-all") { Description = "Allow every tool call without asking, edits and commands included (unattended use)" };
        var allowTool = new Option<string[]>("--allow-tool") { Description = "Allow this tool without asking (repeatable): NAME or SERVER/NAME", HelpName = "NAME", Arity = ArgumentArity.ZeroOrMore };
        var files = new Option<string[]>("--file", "-f") { Description = "Attach a file (repeatable): text and PDFs (their text, page by page) are inlined, images are sent as images", HelpName = "PATH", Arity = ArgumentArity.ZeroOrMore };
        var resources = new Option<string[]>("--resource", "-r")
        {
            Description = "Attach a resource of one of the workspace's MCP servers (repeatable): SERVER:URI, the server by name or id; text is inlined, images are sent as images",
            HelpName = "SERVER:URI",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var schema = new Option<string>("--schema") { Description = "Ask for JSON matching a schema and check the answer against it: a JSON Schema file, or fields such as 'name str, age int: in years' (types str, int, float, bool; str by default; all required)", HelpName = "FILE|FIELDS" };
        var ignoreBudget = new Option<bool>("--ignore-budget") { Description = "Send even when the workspace's monthly budget is spent" };
        var promptTemplate = new Option<string>("--template") { Description = "Send a slash command's prompt instead of typing one: a prompt template or an MCP prompt of the workspace's servers, by its slash command name (see /help in a session); MESSAGE and piped stdin follow it after a blank line", HelpName = "NAME" };
        var variables = CommonOptions.Pairs("--var", "A value for an argument of --template (repeatable)", "NAME=VALUE");
        var command = new Command("chat", "Send a message and stream the answer; without one at a terminal, an interactive session")
        {
            message, workspace, chat, newChat, connection, model, system, temperature, noStream, showThinking, yes, yesAll, allowTool, files, resources, schema, ignoreBudget, promptTemplate, variables,
        };
        runtime.SetAction(command, async (ctx, ct) =>
        {
            if (ctx.Get(chat) is not null && ctx.Get(newChat))
            {
                throw new UsageException("--chat and --new exclude each other.");
            }

            var slashCommand = ctx.Get(promptTemplate);
            var slashArguments = CommonOptions.ParsePairs(ctx.Get(variables), "--var");
            if (slashCommand is null && slashArguments.Count > 0)
            {
                throw new UsageException("--var gives values to --template; name the template with --template NAME.");
            }

            var text = ctx.Get(message);
            var piped = await CommonOptions.ReadRedirectedInputAsync(ctx.Console, ct).ConfigureAwait(false);
            var content = Combine(text, piped);
            var attachments = (ctx.Get(files) ?? []).Select(Path.GetFullPath).ToList();
            var resourceArgs = (ctx.Get(resources) ?? []).Select(ParseResource).ToList();
            var responseFormat = ctx.Get(schema) is { } schemaValue ? SchemaOption.Parse(schemaValue) : null;
            var interactive = content is null && slashCommand is null && ctx.Console.InputIsTerminal;
            if (content is null && !interactive && slashCommand is null)
            {
                if (attachments.Count == 0 && resourceArgs.Count == 0)
                {
                    throw new UsageException("Nothing to send: give a MESSAGE or pipe text to stdin.");
                }

                content = string.Empty;
            }

            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            var ws = await ctx.ResolveWorkspaceAsync(ctx.Get(workspace), ct).ConfigureAwait(false);
            if (ctx.Get(connection) is null && !await FirstRun.EnsureConnectionAsync(ctx, nexo, ct).ConfigureAwait(false))
            {
                return ExitCodes.NotConfigured;
            }

            var template = new SendMessageRequest
            {
                ChatId = string.Empty,
                Content = string.Empty,
                LlmConnectionId = ctx.Get(connection) is { } c ? (await FindConnectionAsync(nexo, c, ct).ConfigureAwait(false)).Id : null,
                SelectedModel = ctx.Get(model),
                SystemMessage = ctx.Get(system),
                Temperature = ctx.Get(temperature),
                Stream = ctx.Get(noStream) ? false : null,
                Files = attachments.Count == 0 ? null : attachments,
                Resources = resourceArgs.Count == 0 ? null : await ResolveResourcesAsync(nexo, resourceArgs, ct).ConfigureAwait(false),
                IgnoreBudget = ctx.Get(ignoreBudget),
                ResponseFormat = responseFormat,
            };
            var options = new TurnOptions
            {
                Json = ctx.Json,
                ShowThinking = ctx.Get(showThinking),
                AllowReadOnlyTools = ctx.Get(yes),
                AllowAllTools = ctx.Get(yesAll),
                AllowedTools = ctx.Get(allowTool) ?? [],
            };

            var existing = await FindChatAsync(nexo, ws, ctx.Get(chat), ctx.Get(newChat), ct).ConfigureAwait(false);
            if (interactive)
            {
                var session = new InteractiveSession(ctx, nexo, ws, existing, template, options);
                return await session.RunAsync(ct).ConfigureAwait(false);
            }

            var target = existing ?? await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = ws.Id }, ct).ConfigureAwait(false);
            var request = template with { ChatId = target.Id, Content = content ?? string.Empty };
            if (slashCommand is not null)
            {
                try
                {
                    var rendered = await nexo.SlashCommands.RenderAsync(SlashCommandRequests.From(template, target.Id, slashCommand, slashArguments), ct).ConfigureAwait(false);
                    request = rendered with { Content = Combine(rendered.Content, content) ?? string.Empty };
                }
                catch (Exception) when (existing is null)
                {
                    // Nothing was sent: leave no empty chat behind.
                    await nexo.Chats.DeleteAsync(target.Id, CancellationToken.None).ConfigureAwait(false);
                    throw;
                }
            }

            var runner = new TurnRunner(ctx, nexo, options);
            var outcome = await runner.RunAsync(request, ct).ConfigureAwait(false);
            if (existing is null)
            {
                if (!runner.Started)
                {
                    // The turn stopped before storing anything: leave no empty chat behind.
                    await nexo.Chats.DeleteAsync(target.Id, CancellationToken.None).ConfigureAwait(false);
                }
                else if (!ctx.Json)
                {
                    ctx.Info(ctx.Console.ErrorStyle.Dim($"new chat {target.Id} in workspace '{ws.Name}'; continue it with 'nexo chat' or --chat {target.Id}"));
                }
            }

            return outcome.ToExitCode();
        });
        return command;
    }

    /// <summary>Splits <c>SERVER:URI</c> at its first colon.</summary>
    internal static (string Server, string Uri) ParseResource(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == value.Length - 1 || value[(colon + 1)..].StartsWith("//", StringComparison.Ordinal))
        {
            throw new UsageException($"--resource expects SERVER:URI (the MCP server's name or id, a colon, then the resource URI), got '{value}'.");
        }

        return (value[..colon], value[(colon + 1)..]);
    }

    /// <summary>The references of the <c>--resource</c> options, each server found by id or name.</summary>
    private static async Task<IReadOnlyList<McpResourceReference>> ResolveResourcesAsync(NexoClient nexo, IReadOnlyList<(string Server, string Uri)> resources, CancellationToken ct)
    {
        var result = new List<McpResourceReference>();
        foreach (var (server, uri) in resources)
        {
            result.Add(new McpResourceReference { ServerId = (await nexo.McpServers.FindAsync(server, ct).ConfigureAwait(false)).Id, Uri = uri });
        }

        return result;
    }

    /// <summary>The message and piped input together: <c>MESSAGE</c>, a blank line, then stdin.</summary>
    internal static string? Combine(string? message, string? piped)
    {
        var hasMessage = !string.IsNullOrWhiteSpace(message);
        var hasPiped = !string.IsNullOrWhiteSpace(piped);
        return (hasMessage, hasPiped) switch
        {
            (true, true) => $"{message!.TrimEnd()}\n\n{piped!.TrimEnd()}",
            (true, false) => message,
            (false, true) => piped!.TrimEnd(),
            _ => null,
        };
    }

    /// <summary>
    /// The chat to continue: <c>--chat ID</c>, none for <c>--new</c>, else the workspace's most recently updated chat
    /// (<see langword="null"/> when it has none).
    /// </summary>
    private static async Task<Chat?> FindChatAsync(NexoClient nexo, Workspace workspace, string? chatId, bool newChat, CancellationToken ct)
    {
        if (chatId is not null)
        {
            return await nexo.Chats.GetAsync(chatId, ct).ConfigureAwait(false);
        }

        if (newChat)
        {
            return null;
        }

        var page = await nexo.Chats.ListAsync(workspace.Id, new ChatQuery { Limit = 50 }, ct).ConfigureAwait(false);
        return page.Items.MaxBy(c => c.UpdatedAt);
    }

    /// <summary>
    /// Finds the named connection. The name <c>echo</c> with no such connection stored creates the offline echo
    /// provider's connection (it repeats the message; for trying Nexo without a provider, never chosen by default).
    /// </summary>
    private static async Task<LlmConnection> FindConnectionAsync(NexoClient nexo, string idOrName, CancellationToken ct)
    {
        try
        {
            return await nexo.Connections.FindAsync(idOrName, ct).ConfigureAwait(false);
        }
        catch (NexoException ex) when (ex.Kind == NexoErrorKind.NotFound && string.Equals(idOrName, "echo", StringComparison.OrdinalIgnoreCase))
        {
            return await nexo.Connections.CreateAsync(
                new NewLlmConnection { Name = "echo", Provider = LlmProviderKind.Echo, BaseUrl = LlmProviderCatalog.Get(LlmProviderKind.Echo).DefaultBaseUrl!, DefaultModel = "echo" },
                ct).ConfigureAwait(false);
        }
    }
}
