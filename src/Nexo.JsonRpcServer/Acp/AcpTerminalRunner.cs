using StreamJsonRpc;

namespace Nexo.JsonRpcServer.Acp;

/// <summary>
/// <c>run_command</c> in a client terminal, for a client that advertises <c>terminal</c>: <c>terminal/create</c>
/// (command and arguments, or <c>/bin/sh -c LINE</c>; the working directory; the environment; the output cap in bytes),
/// then the call's <c>tool_call_update</c> embeds the terminal (<c>{"type":"terminal","terminalId"}</c>) so the editor
/// shows it live, <c>terminal/wait_for_exit</c> up to the timeout (<c>terminal/kill</c> on timeout or cancellation),
/// <c>terminal/output</c> for the text the model gets, and <c>terminal/release</c> in every case.
/// </summary>
internal sealed class AcpTerminalRunner(AcpAgent agent, AcpSession session) : ICommandRunner
{
    /// <summary>How long the clean-up requests (kill, output, release) may take once the command was stopped.</summary>
    private static readonly TimeSpan CleanupTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long the terminal's update waits for the call's <c>tool_call</c> to be sent first.</summary>
    private static readonly TimeSpan AnnouncementWait = TimeSpan.FromSeconds(10);

    public async Task<CommandRunResult> RunAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (command, args) = CommandLine(request);
        var create = new CreateTerminalRequest
        {
            SessionId = session.Id,
            Command = command,
            Args = args,
            Env = request.Environment.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new NameValue { Name = kv.Key, Value = kv.Value }).ToList(),
            Cwd = request.WorkingDirectory,
            OutputByteLimit = request.OutputLimit,
        };

        CreateTerminalResponse created;
        try
        {
            created = await agent.RequestClientAsync<CreateTerminalResponse>("terminal/create", create, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The editor answered terminal/create without a terminal id.");
        }
        catch (RemoteInvocationException ex)
        {
            throw new InvalidOperationException($"The editor could not start the command in a terminal: {ex.Message}", ex);
        }

        var terminal = new TerminalRequest { SessionId = session.Id, TerminalId = created.TerminalId };
        try
        {
            await ShowTerminalAsync(created.TerminalId, cancellationToken).ConfigureAwait(false);

            TerminalExitStatus? exit = null;
            var timedOut = false;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(request.Timeout);
                try
                {
                    exit = await agent.RequestClientAsync<TerminalExitStatus>("terminal/wait_for_exit", terminal, timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    timedOut = true;
                }
            }

            if (timedOut)
            {
                await CleanupAsync("terminal/kill", terminal).ConfigureAwait(false);
            }

            using var cleanup = new CancellationTokenSource(CleanupTimeout);
            var output = await agent.RequestClientAsync<TerminalOutputResponse>("terminal/output", terminal, cleanup.Token).ConfigureAwait(false)
                ?? new TerminalOutputResponse();
            var (text, cut) = Cap(output.Output, request.OutputLimit);
            var status = exit ?? output.ExitStatus;
            return new CommandRunResult
            {
                ExitCode = timedOut || status?.ExitCode is not { } code ? null : (int)code,
                Output = text,
                Truncated = output.Truncated || cut,
                TimedOut = timedOut,
                TerminalId = created.TerminalId,
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await CleanupAsync("terminal/kill", terminal).ConfigureAwait(false);
            throw;
        }
        catch (RemoteInvocationException ex)
        {
            await CleanupAsync("terminal/kill", terminal).ConfigureAwait(false);
            throw new InvalidOperationException($"The editor's terminal failed: {ex.Message}", ex);
        }
        finally
        {
            await CleanupAsync("terminal/release", terminal).ConfigureAwait(false);
        }
    }

    /// <summary>The program and its arguments: the argv as given, or the platform's shell with the line.</summary>
    internal static (string Command, IReadOnlyList<string> Args) CommandLine(CommandRequest request)
    {
        if (request.Argv is { Count: > 0 } argv)
        {
            return (argv[0], argv.Skip(1).ToList());
        }

        if (request.ShellLine is { Length: > 0 } line)
        {
            return OperatingSystem.IsWindows() ? ("cmd.exe", ["/d", "/s", "/c", line]) : ("/bin/sh", ["-c", line]);
        }

        throw new ArgumentException("The command has neither an argv nor a shell line.", nameof(request));
    }

    /// <summary>Embeds the terminal in the running call's tool call (after its <c>tool_call</c> was sent) and remembers it for the call's later updates.</summary>
    private async Task ShowTerminalAsync(string terminalId, CancellationToken cancellationToken)
    {
        if (ToolCallContext.Current is not { } context || context.ChatId != session.Id || session.CurrentTurn is not { } turn)
        {
            return;
        }

        var callId = context.Call.Id;
        turn.Calls.Terminals[callId] = terminalId;
        try
        {
            await turn.Calls.WhenAnnouncedAsync(callId).WaitAsync(AnnouncementWait, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Sent anyway: a client that missed the tool_call still gets the terminal.
        }

        await agent.SendUpdateAsync(session.Id, new ToolCallProgress { ToolCallId = callId, Content = [new ToolCallTerminal { TerminalId = terminalId }] }).ConfigureAwait(false);
    }

    /// <summary>Sends a clean-up request, bounded in time, whatever happened to the command; failures are ignored.</summary>
    private async Task CleanupAsync(string method, TerminalRequest terminal)
    {
        using var cts = new CancellationTokenSource(CleanupTimeout);
        try
        {
            await agent.RequestClientAsync<EmptyObject>(method, terminal, cts.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RemoteInvocationException or OperationCanceledException or ConnectionLostException or ObjectDisposedException)
        {
            agent.LogClientRequestFailed(method, ex.Message);
        }
    }

    /// <summary>Keeps the end of the output within <paramref name="limit"/> characters (the end shows how a command failed).</summary>
    private static (string Text, bool Cut) Cap(string output, int limit) =>
        limit > 0 && output.Length > limit ? (output[^limit..], true) : (output, false);
}
