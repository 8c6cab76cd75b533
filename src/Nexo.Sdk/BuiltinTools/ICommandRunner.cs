namespace Nexo;

/// <summary>
/// How <c>run_command</c> runs a command. The default starts a local process in the workspace folder with a scrubbed
/// environment and kills its whole process tree on timeout or cancellation; an editor host (the ACP agent) supplies one
/// that runs it in an editor terminal.
/// </summary>
public interface ICommandRunner
{
    /// <summary>Runs the command to its end, its timeout, or cancellation.</summary>
    /// <param name="request">What to run, where, and the limits.</param>
    /// <param name="cancellationToken">Cancels the command (its process tree is killed).</param>
    /// <returns>The exit code and the captured output.</returns>
    Task<CommandRunResult> RunAsync(CommandRequest request, CancellationToken cancellationToken);
}
