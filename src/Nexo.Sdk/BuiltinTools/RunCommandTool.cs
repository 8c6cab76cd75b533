using System.Globalization;
using System.Text;

namespace Nexo.BuiltinTools;

/// <summary>
/// <c>run_command {argv? | command?, cwd?, timeoutSeconds?}</c>: runs a program (argv, no shell) or a shell line in the
/// workspace folder or a folder inside it, with a scrubbed environment (<see cref="CommandEnvironment"/>), a timeout
/// (default <see cref="DefaultTimeoutSeconds"/> s, at most <see cref="MaxTimeoutSeconds"/> s) and an output cap
/// (<see cref="OutputLimit"/> characters of stdout and stderr together). The result gives the exit code and the output;
/// a command that runs past its timeout is killed with its process tree and the call fails with what it printed.
/// </summary>
internal sealed class RunCommandTool(BuiltinToolContext context) : BuiltinTool(context, BuiltinToolNames.RunCommand, Text, Schema)
{
    public const int DefaultTimeoutSeconds = 120;

    public const int MaxTimeoutSeconds = 600;

    public const int OutputLimit = 64 * 1024;

    private const string Text =
        "Runs a command in the workspace folder (or a folder inside it) and returns its exit code and output (stdout and stderr together, "
        + "at most 64 K characters: the start and the end are kept). Give argv (program and arguments, no shell) or command (a shell line). "
        + "The command is killed with its child processes after timeoutSeconds (default 120, at most 600). Stdin is empty: nothing interactive.";

    private const string Schema = """
        {
          "type": "object",
          "properties": {
            "argv": { "type": "array", "items": { "type": "string" }, "minItems": 1, "description": "The program and its arguments, run without a shell." },
            "command": { "type": "string", "description": "A shell line (/bin/sh -c; cmd /c on Windows), when argv is not given." },
            "cwd": { "type": "string", "description": "The working directory, relative to the workspace folder. Default: the workspace folder." },
            "timeoutSeconds": { "type": "integer", "minimum": 1, "maximum": 600, "description": "Seconds before the command is killed. Default 120." }
          },
          "additionalProperties": false
        }
        """;

    protected override Task<ToolCallPreview> PreviewCoreAsync(BuiltinToolArguments arguments, CancellationToken cancellationToken)
    {
        var request = Prepare(arguments);
        return Task.FromResult(new ToolCallPreview { Kind = BuiltinToolNames.KindOf(Name), Path = request.WorkingDirectory, Command = Display(request) });
    }

    protected override async Task<string> RunAsync(BuiltinToolArguments arguments, CancellationToken cancellationToken)
    {
        var request = Prepare(arguments);
        var result = await Context.Commands.RunAsync(request, cancellationToken).ConfigureAwait(false);
        var text = new StringBuilder();
        text.Append("$ ").Append(Display(request)).Append('\n');
        if (result.ExitCode is { } code)
        {
            text.Append(CultureInfo.InvariantCulture, $"Exit code: {code}\n");
        }

        text.Append(result.Output.Length == 0 ? "(no output)" : result.Output.TrimEnd('\n'));
        if (result.Truncated && !result.Output.Contains("characters of output cut", StringComparison.Ordinal))
        {
            text.Append("\n[The output was cut.]");
        }

        if (result.TimedOut)
        {
            var seconds = (int)request.Timeout.TotalSeconds;
            throw BuiltinToolErrors.Fail(
                Name,
                "timeoutSeconds",
                $"the command ran longer than {seconds} s and was killed with its child processes. {text}");
        }

        return text.ToString();
    }

    private CommandRequest Prepare(BuiltinToolArguments arguments)
    {
        var sandbox = Context.RequireSandbox(Name);
        var argv = arguments.StringList("argv");
        var command = arguments.String("command");
        if ((argv is null) == (command is null))
        {
            throw arguments.Error("argv", "give either argv (the program and its arguments) or command (a shell line), not both and not neither.");
        }

        if (argv is { Count: 0 } || (argv is not null && string.IsNullOrWhiteSpace(argv[0])))
        {
            throw arguments.Error("argv", "argv must start with the program to run.");
        }

        if (command is not null && command.Trim().Length == 0)
        {
            throw arguments.Error("command", "command must not be empty.");
        }

        var cwd = sandbox.Resolve(Name, "cwd", arguments.String("cwd"));
        if (cwd.Kind != FileKind.Directory)
        {
            throw arguments.Error("cwd", cwd.Kind == FileKind.Missing ? $"the folder '{cwd.Relative}' does not exist." : $"'{cwd.Relative}' is not a folder.");
        }

        var timeout = arguments.Int("timeoutSeconds", 1, MaxTimeoutSeconds) ?? DefaultTimeoutSeconds;
        return new CommandRequest
        {
            Argv = argv,
            ShellLine = command,
            WorkingDirectory = cwd.FullPath,
            Environment = CommandEnvironment.Build(cwd.FullPath),
            Timeout = TimeSpan.FromSeconds(timeout),
            OutputLimit = OutputLimit,
        };
    }

    /// <summary>The command as a shell line: the shell line itself, or argv with POSIX quoting where needed.</summary>
    public static string Display(CommandRequest request) =>
        request.ShellLine ?? string.Join(' ', request.Argv!.Select(Quote));

    private static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c, StringComparison.Ordinal))
            ? arg
            : "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
