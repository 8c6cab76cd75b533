using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Reflection;
using Nexo.Cli.Commands;

namespace Nexo.Cli;

/// <summary>Builds the <c>nexo</c> command tree and runs it.</summary>
public static class CliApp
{
    /// <summary>The text after the root command's help: the environment and the exit codes.</summary>
    public const string Epilog = """
        Environment:
          NEXO_HOME        the data folder (database nexo.db and key file nexo.key); --db overrides the database
          NEXO_WORKSPACE   the workspace to use when --workspace is not given
          NO_COLOR         no colours (colours are also off when output is not a terminal)

        Exit codes:
          0    ok
          1    error (the SDK's error kind is in the message: error[NotFound]: …)
          2    usage: unknown command or option, missing or malformed argument
          3    not configured: no LLM connection (see 'nexo connection add')
          130  cancelled (Ctrl+C)
        """;

    /// <summary>The version, as <c>nexo --version</c> prints it.</summary>
    public static string Version
    {
        get
        {
            var informational = typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
            if (string.IsNullOrEmpty(informational))
            {
                return typeof(CliApp).Assembly.GetName().Version?.ToString() ?? "0.0.0";
            }

            // Drop the "+<commit>" build metadata the SDK appends.
            var plus = informational.IndexOf('+', StringComparison.Ordinal);
            return plus < 0 ? informational : informational[..plus];
        }
    }

    /// <summary>Builds the command tree.</summary>
    /// <param name="runtime">The process-wide pieces the actions use.</param>
    public static RootCommand Build(CliRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        var root = new RootCommand("nexo: chat with LLMs from the terminal and from scripts; chats live in workspaces, persist in SQLite and call tools from MCP servers.")
        {
            runtime.Globals.Db,
            runtime.Globals.Json,
            runtime.Globals.NoColor,
        };

        foreach (var version in root.Options.OfType<VersionOption>())
        {
            version.Action = new VersionAction();
        }

        root.Subcommands.Add(ChatCommand.Create(runtime));
        root.Subcommands.Add(WorkspaceCommands.Create(runtime));
        root.Subcommands.Add(ChatsCommands.Create(runtime));
        root.Subcommands.Add(ConnectionCommands.Create(runtime));
        root.Subcommands.Add(McpCommands.Create(runtime));
        root.Subcommands.Add(PromptCommands.Create(runtime));
        root.Subcommands.Add(UsageCommand.Create(runtime));
        root.Subcommands.Add(DbCommands.Create(runtime));
        root.Subcommands.Add(ServeCommand.Create(runtime));
        root.Subcommands.Add(AcpCommand.Create(runtime));
        root.Subcommands.Add(CompletionCommand.Create(runtime));

        foreach (var help in root.Options.OfType<HelpOption>())
        {
            if (help.Action is HelpAction action)
            {
                help.Action = new EpilogHelpAction(action, root);
            }
        }

        return root;
    }

    /// <summary>Parses and runs a command line; returns the exit code.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="console">The console.</param>
    public static Task<int> RunAsync(string[] args, CliConsole console) => RunAsync(args, console, null);

    /// <summary>
    /// Parses and runs a command line with the SDK options changed first: a program that embeds <c>nexo</c> gives the
    /// model its own tools this way (<c>o =&gt; o.Tools.Add(AIFunctionFactory.Create(…))</c>).
    /// </summary>
    /// <param name="args">The arguments.</param>
    /// <param name="console">The console.</param>
    /// <param name="configureNexo">Changes the <see cref="NexoOptions"/> of every command before the database is opened.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(string[] args, CliConsole console, Action<NexoOptions>? configureNexo)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        using var interrupts = new Interrupts();
        var runtime = new CliRuntime(console, new GlobalOptions(), interrupts) { ConfigureNexo = configureNexo };
        var root = Build(runtime);
        var parse = root.Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            return ReportParseErrors(console, parse);
        }

        interrupts.Hook();
        var configuration = new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            EnableDefaultExceptionHandler = false,

            // Ctrl+C is handled by Interrupts so that a chat session can cancel only the answer.
            ProcessTerminationTimeout = null,
        };
        try
        {
            return await parse.InvokeAsync(configuration, interrupts.CommandToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The last line of defence: one error line, never a stack trace.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return CliErrors.Report(console, ex);
        }
    }

    private static int ReportParseErrors(CliConsole console, ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        var path = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as CommandResult)
        {
            path.Insert(0, result.Command is RootCommand ? "nexo" : result.Command.Name);
        }

        // "Required command was not provided" only adds noise next to a real error; alone, it means a bare group.
        var missingSubcommand = command.Subcommands.Count > 0 && command.Action is null;
        var errors = missingSubcommand && parse.UnmatchedTokens.Count > 0
            ? parse.Errors.Where(e => parse.UnmatchedTokens.Any(t => e.Message.Contains($"'{t}'", StringComparison.Ordinal))).ToList()
            : parse.Errors.ToList();
        if (missingSubcommand && parse.Errors.Count == 1 && parse.UnmatchedTokens.Count == 0)
        {
            if (command is RootCommand)
            {
                // A bare "nexo": help on stdout, success.
                return parse.RootCommandResult.Command.Parse(["--help"]).Invoke(new InvocationConfiguration { Output = console.Out, Error = console.Error });
            }

            CliErrors.Write(console, "Usage", $"'{string.Join(' ', path)}' needs a subcommand: {string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))}.");
            console.Error.WriteLine(console.ErrorStyle.Dim($"See '{string.Join(' ', path)} --help'."));
            return ExitCodes.Usage;
        }

        foreach (var error in errors)
        {
            CliErrors.Write(console, "Usage", error.Message);
        }

        foreach (var token in parse.UnmatchedTokens)
        {
            var candidates = command.Subcommands.Where(c => !c.Hidden).Select(c => c.Aliases.Prepend(c.Name).FirstOrDefault(n => IsCloseTo(token, n)))
                .Concat(command.Options.Where(o => !o.Hidden).Select(o => o.Aliases.Prepend(o.Name).FirstOrDefault(n => IsCloseTo(token, n))))
                .OfType<string>()
                .ToList();
            if (candidates.Count > 0)
            {
                console.Error.WriteLine($"Did you mean {string.Join(" or ", candidates.Select(c => $"'{c}'"))}?");
            }
        }

        console.Error.WriteLine(console.ErrorStyle.Dim($"See '{string.Join(' ', path)} --help'."));
        return ExitCodes.Usage;
    }

    private static bool IsCloseTo(string typed, string candidate)
    {
        if (typed.Length < 2 || candidate.Length < 2)
        {
            return false;
        }

        if (candidate.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // Edit distance (with adjacent transpositions) within a budget that grows with the word.
        var budget = candidate.Length <= 4 ? 1 : 2;
        var a = typed.ToLowerInvariant();
        var b = candidate.ToLowerInvariant();
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length] <= budget;
    }

    /// <summary>The standard help, followed on the root command by <see cref="Epilog"/>.</summary>
    private sealed class EpilogHelpAction(HelpAction inner, RootCommand root) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            var code = inner.Invoke(parseResult);
            if (parseResult.CommandResult.Command == root)
            {
                parseResult.InvocationConfiguration.Output.WriteLine(Epilog.TrimEnd());
            }

            return code;
        }
    }

    private sealed class VersionAction : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(Version);
            return ExitCodes.Ok;
        }
    }
}
