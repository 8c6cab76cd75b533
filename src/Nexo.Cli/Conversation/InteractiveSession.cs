using System.Text;

namespace Nexo.Cli.Conversation;

/// <summary>
/// <c>nexo chat</c> at a terminal with no message: read a message, stream the answer, repeat. A line ending in
/// <c>\</c> continues on the next line, and <c>"""</c> opens and closes a block of lines. Ctrl+C while an answer streams
/// cancels that answer only; at the prompt it ends the session (exit code 130), as do <c>/exit</c> and Ctrl+D (exit code 0).
/// <c>/name words… key=value…</c> runs one of the workspace's slash commands (its prompt templates and the MCP prompts
/// of its servers; <see cref="SlashCommandLine"/> reads the arguments); the session's own commands win over a slash
/// command of the same name (an MCP prompt stays reachable as <c>/server:prompt</c>), and any other <c>/text</c> is
/// sent as a message. At a terminal, lines are read by <see cref="LineEditor"/>: Tab completes command names.
/// </summary>
internal sealed class InteractiveSession
{
    private const string Help = """"
        Commands:
          /new            start a new chat
          /model [MODEL]  show the model, or use MODEL for the next messages ("/model -" goes back to the default)
          /connection [NAME]
                          show the LLM connection, or use connection NAME (and its default model) for the next
                          messages ("/connection -" goes back to the default)
          /chat           show the chat's title and id
          /commands       list the slash commands again (after adding a template or an MCP server)
          /help           this help
          /exit, /quit    leave (Ctrl+D too)
        Slash commands run a prompt template or an MCP prompt as your message: /name VALUE… or /name ARG=VALUE…
        (values fill the arguments in order; the last one takes the rest of the line). Tab completes command names.
        Multi-line input: end a line with \ to continue it, or put the text between lines of three double quotes (""").
        Ctrl+C cancels the answer being written; at the prompt it leaves.
        """";

    /// <summary>The session's own commands; they win over slash commands of the same name.</summary>
    private static readonly string[] BuiltIns = ["new", "model", "connection", "chat", "commands", "help", "exit", "quit"];

    private readonly CliContext _ctx;
    private readonly NexoClient _nexo;
    private readonly Workspace _workspace;
    private readonly TurnOptions _options;
    private readonly CliConsole _console;
    private SendMessageRequest _template;
    private Chat? _chat;
    private Task<IReadOnlyList<SlashCommand>>? _commands;

    public InteractiveSession(CliContext ctx, NexoClient nexo, Workspace workspace, Chat? chat, SendMessageRequest template, TurnOptions options)
    {
        _ctx = ctx;
        _nexo = nexo;
        _workspace = workspace;
        _chat = chat;
        _template = template;
        _options = options;
        _console = ctx.Console;
    }

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var style = _console.ErrorStyle;
        _console.Error.WriteLine(style.Bold("nexo chat") + style.Dim($" · workspace '{_workspace.Name}' · model {await DescribeModelAsync(cancellationToken).ConfigureAwait(false)}"));
        if (_chat is not null)
        {
            _console.Error.WriteLine(style.Dim($"Continuing '{_chat.Title}' ({_chat.Id}); /new starts a fresh chat."));
        }

        _console.Error.WriteLine(style.Dim("Type a message and press Enter. /help for commands, /exit or Ctrl+D to leave."));

        CancellationTokenSource? answering = null;
        var gate = new Lock();
        using var interruptHandler = _ctx.Runtime.Interrupts.Push(() =>
        {
            lock (gate)
            {
                if (answering is null)
                {
                    return false;
                }

                answering.Cancel();
                return true;
            }
        });

        var runner = new TurnRunner(_ctx, _nexo, _options);
        while (true)
        {
            string? input;
            try
            {
                input = await ReadMessageAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _console.Error.WriteLine();
                return ExitCodes.Cancelled;
            }

            if (input is null)
            {
                _console.Error.WriteLine();
                return ExitCodes.Ok;
            }

            if (string.IsNullOrWhiteSpace(input))
            {
                continue;
            }

            var trimmed = input.Trim();
            SlashCommand? slash = null;
            var slashArguments = string.Empty;
            if (trimmed.StartsWith('/'))
            {
                if (await HandleCommandAsync(trimmed, cancellationToken).ConfigureAwait(false) is { } handled)
                {
                    if (handled == SessionCommand.Exit)
                    {
                        return ExitCodes.Ok;
                    }

                    continue;
                }

                if (SlashCommandLine.TryParse(trimmed, out var name, out var rest))
                {
                    slash = SlashCommandService.Find(await CommandsAsync(cancellationToken).ConfigureAwait(false), name);
                    slashArguments = rest;
                }
            }

            var created = _chat is null;
            _chat ??= await _nexo.Chats.CreateAsync(new NewChat { WorkspaceId = _workspace.Id }, cancellationToken).ConfigureAwait(false);
            using var turn = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            lock (gate)
            {
                answering = turn;
            }

            var sent = false;
            try
            {
                var request = _template with { ChatId = _chat.Id, Content = input };
                if (slash is not null)
                {
                    try
                    {
                        var arguments = SlashCommandLine.BindArguments(slash, slashArguments);
                        request = await _nexo.SlashCommands.RenderAsync(SlashCommandRequests.From(_template, _chat.Id, slash.QualifiedName, arguments), turn.Token).ConfigureAwait(false);
                    }
                    catch (NexoException ex)
                    {
                        // Nothing was stored: say why and read the next line.
                        CliErrors.Write(_console, ex.Kind.ToString(), ex.Message);
                        if (ex.Kind == NexoErrorKind.Validation)
                        {
                            _console.Error.WriteLine(_console.ErrorStyle.Dim($"usage: {SlashCommandRequests.Usage(slash)}"));
                        }

                        if (created)
                        {
                            await _nexo.Chats.DeleteAsync(_chat.Id, CancellationToken.None).ConfigureAwait(false);
                            _chat = null;
                        }

                        continue;
                    }
                }

                sent = true;
                var outcome = await runner.RunAsync(request, turn.Token).ConfigureAwait(false);
                if (created && !runner.Started)
                {
                    await _nexo.Chats.DeleteAsync(_chat.Id, CancellationToken.None).ConfigureAwait(false);
                    _chat = null;
                }

                if (outcome == TurnOutcome.NotConfigured)
                {
                    return ExitCodes.NotConfigured;
                }
            }
            catch (OperationCanceledException) when (!sent && turn.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C while a slash command was being rendered: nothing was sent.
                _console.Error.WriteLine(_console.ErrorStyle.Dim("(cancelled)"));
                if (created && _chat is not null)
                {
                    await _nexo.Chats.DeleteAsync(_chat.Id, CancellationToken.None).ConfigureAwait(false);
                    _chat = null;
                }
            }
            finally
            {
                lock (gate)
                {
                    answering = null;
                }
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return ExitCodes.Cancelled;
            }
        }
    }

    /// <summary>Reads one message (possibly several lines); <see langword="null"/> at end of input.</summary>
    private async Task<string?> ReadMessageAsync(CancellationToken cancellationToken)
    {
        var style = _console.ErrorStyle;
        var text = new StringBuilder();
        var block = false;
        var prompt = style.Bold(style.Green("› "));
        while (true)
        {
            _console.Error.Write(prompt);
            var linePrompt = prompt;
            var first = text.Length == 0 && !block;
            Func<string?> read = Editable
                ? () => new LineEditor(_console.Error, () => Console.ReadKey(intercept: true), before => first ? Complete(before) : []).ReadLine(linePrompt)
                : _console.In.ReadLine;
            var line = await Task.Run(read, CancellationToken.None).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (line is null)
            {
                return text.Length > 0 ? text.ToString() : null;
            }

            if (line.Trim() == "\"\"\"")
            {
                if (block)
                {
                    return text.ToString();
                }

                block = true;
                prompt = style.Dim("… ");
                continue;
            }

            if (block)
            {
                text.Append(line).Append('\n');
                continue;
            }

            if (line.EndsWith('\\'))
            {
                text.Append(line.AsSpan(0, line.Length - 1)).Append('\n');
                prompt = style.Dim("… ");
                continue;
            }

            text.Append(line);
            return text.ToString();
        }
    }

    /// <summary>Runs a /command; <see langword="null"/> when the text is not a known command (it is sent as a message).</summary>
    private async Task<SessionCommand?> HandleCommandAsync(string input, CancellationToken cancellationToken)
    {
        var space = input.IndexOf(' ', StringComparison.Ordinal);
        var name = (space < 0 ? input : input[..space]).ToLowerInvariant();
        var argument = space < 0 ? string.Empty : input[(space + 1)..].Trim();
        var style = _console.ErrorStyle;
        switch (name)
        {
            case "/exit":
            case "/quit":
                return SessionCommand.Exit;
            case "/help":
                _console.Error.WriteLine(Help);
                await WriteCommandsAsync(cancellationToken).ConfigureAwait(false);
                return SessionCommand.Handled;
            case "/commands":
                _commands = null;
                await WriteCommandsAsync(cancellationToken).ConfigureAwait(false);
                return SessionCommand.Handled;
            case "/new":
                _chat = null;
                _console.Error.WriteLine(style.Dim("Started a new chat."));
                return SessionCommand.Handled;
            case "/chat":
                _console.Error.WriteLine(_chat is null ? style.Dim("(a new chat; it is stored with the first message)") : $"{_chat.Title} {style.Dim(_chat.Id)}");
                return SessionCommand.Handled;
            case "/model":
                if (argument.Length > 0)
                {
                    _template = _template with { SelectedModel = argument == "-" ? null : argument };
                }

                _console.Error.WriteLine($"model: {await DescribeModelAsync(cancellationToken).ConfigureAwait(false)}");
                return SessionCommand.Handled;
            case "/connection":
                if (argument.Length > 0)
                {
                    try
                    {
                        // Another connection's models differ: its default model applies unless /model names one after this.
                        var connectionId = argument == "-" ? null : (await _nexo.Connections.FindAsync(argument, cancellationToken).ConfigureAwait(false)).Id;
                        _template = _template with { LlmConnectionId = connectionId, SelectedModel = null };
                    }
                    catch (NexoException ex)
                    {
                        CliErrors.Write(_console, ex.Kind.ToString(), ex.Message);
                        return SessionCommand.Handled;
                    }
                }

                _console.Error.WriteLine($"connection: {await DescribeConnectionAsync(cancellationToken).ConfigureAwait(false)} · model: {await DescribeModelAsync(cancellationToken).ConfigureAwait(false)}");
                return SessionCommand.Handled;
            default:
                return null;
        }
    }

    /// <summary>Whether lines are read key by key (stdin is the process's terminal), so Tab can complete.</summary>
    private bool Editable => _console.InputIsTerminal && ReferenceEquals(_console.In, Console.In) && !Console.IsInputRedirected;

    /// <summary>
    /// The workspace's slash commands, listed once per session (and again after <c>/commands</c> or a failed listing).
    /// A listing that fails leaves the session without slash commands rather than ending it.
    /// </summary>
    private async Task<IReadOnlyList<SlashCommand>> CommandsAsync(CancellationToken cancellationToken)
    {
        if (_commands is null || _commands.IsFaulted || _commands.IsCanceled)
        {
            _commands = _nexo.SlashCommands.ListAsync(_workspace.Id, CancellationToken.None);
        }

        try
        {
            return await _commands.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NexoException ex)
        {
            CliErrors.Write(_console, ex.Kind.ToString(), $"The slash commands could not be listed: {ex.Message}");
            return [];
        }
    }

    /// <summary>The completions of the first line's text before the cursor: session and slash commands whose name starts with what was typed.</summary>
    private IReadOnlyList<string> Complete(string before)
    {
        if (!before.StartsWith('/') || before.Any(char.IsWhiteSpace))
        {
            return [];
        }

        var typed = before[1..];
        var commands = CommandsAsync(CancellationToken.None).GetAwaiter().GetResult();
        var names = BuiltIns.Concat(commands.Select(c => c.Name));
        if (typed.Contains(':', StringComparison.Ordinal))
        {
            names = names.Concat(commands.Select(c => c.QualifiedName));
        }

        return names.Where(n => n.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.OrdinalIgnoreCase)
            .Select(n => "/" + n)
            .ToList();
    }

    /// <summary>Lists the slash commands on stderr, marking those a session command shadows.</summary>
    private async Task WriteCommandsAsync(CancellationToken cancellationToken)
    {
        var style = _console.ErrorStyle;
        var commands = await CommandsAsync(cancellationToken).ConfigureAwait(false);
        if (commands.Count == 0)
        {
            _console.Error.WriteLine(style.Dim("No slash commands: add prompt templates ('nexo prompt add') or enable an MCP server with prompts ('nexo mcp enable')."));
            return;
        }

        _console.Error.WriteLine("Slash commands:");
        foreach (var command in commands)
        {
            var shadowed = BuiltIns.Contains(command.Name, StringComparer.OrdinalIgnoreCase)
                ? command.Source == SlashCommandSource.Mcp ? $" (run it as /{command.QualifiedName})" : " (shadowed by the session's command)"
                : string.Empty;
            var origin = command.Source == SlashCommandSource.Mcp ? $"MCP {command.ServerName}" : "template";
            _console.Error.WriteLine($"  {SlashCommandRequests.Usage(command)}  {style.Dim($"{command.Description} · {origin}{shadowed}")}");
        }
    }

    private async Task<string> DescribeModelAsync(CancellationToken cancellationToken) =>
        await ResolveAsync(cancellationToken).ConfigureAwait(false) is { } resolved ? resolved.Model : _template.SelectedModel ?? "(none set)";

    private async Task<string> DescribeConnectionAsync(CancellationToken cancellationToken) =>
        await ResolveAsync(cancellationToken).ConfigureAwait(false) is { } resolved ? resolved.Connection.Name : "(none set)";

    /// <summary>What the next turn would use (the SDK's own resolution), or <see langword="null"/> when nothing is configured yet.</summary>
    private async Task<ResolvedModel?> ResolveAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _nexo.Chats.ResolveModelAsync(_workspace.Id, _template.LlmConnectionId, _template.SelectedModel, cancellationToken).ConfigureAwait(false);
        }
        catch (NexoException ex) when (ex.Kind is NexoErrorKind.NotConfigured or NexoErrorKind.NotFound)
        {
            return null;
        }
    }

    private enum SessionCommand
    {
        Handled,
        Exit,
    }
}
