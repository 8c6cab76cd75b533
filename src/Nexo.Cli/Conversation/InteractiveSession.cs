using System.Text;

namespace Nexo.Cli.Conversation;

/// <summary>
/// <c>nexo chat</c> at a terminal with no message: read a message, stream the answer, repeat. A line ending in
/// <c>\</c> continues on the next line, and <c>"""</c> opens and closes a block of lines. Ctrl+C while an answer streams
/// cancels that answer only; at the prompt it ends the session (exit code 130), as do <c>/exit</c> and Ctrl+D (exit code 0).
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
          /help           this help
          /exit, /quit    leave (Ctrl+D too)
        Multi-line input: end a line with \ to continue it, or put the text between lines of three double quotes (""").
        Ctrl+C cancels the answer being written; at the prompt it leaves.
        """";

    private readonly CliContext _ctx;
    private readonly NexoClient _nexo;
    private readonly Workspace _workspace;
    private readonly TurnOptions _options;
    private readonly CliConsole _console;
    private SendMessageRequest _template;
    private Chat? _chat;

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
            if (trimmed.StartsWith('/') && await HandleCommandAsync(trimmed, cancellationToken).ConfigureAwait(false) is { } handled)
            {
                if (handled == SessionCommand.Exit)
                {
                    return ExitCodes.Ok;
                }

                continue;
            }

            var created = _chat is null;
            _chat ??= await _nexo.Chats.CreateAsync(new NewChat { WorkspaceId = _workspace.Id }, cancellationToken).ConfigureAwait(false);
            using var turn = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            lock (gate)
            {
                answering = turn;
            }

            try
            {
                var outcome = await runner.RunAsync(_template with { ChatId = _chat.Id, Content = input }, turn.Token).ConfigureAwait(false);
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
            var reader = _console.In;
            var line = await Task.Run(reader.ReadLine, CancellationToken.None).WaitAsync(cancellationToken).ConfigureAwait(false);
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
