using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nexo.Cli.Output;
using Nexo.Cli.Setup;

namespace Nexo.Cli.Commands;

/// <summary><c>nexo connection add|list|update|remove|use|test|models</c>.</summary>
internal static class ConnectionCommands
{
    public static Command Create(CliRuntime runtime)
    {
        var command = new Command("connection", "Manage LLM connections (providers and their API keys)");
        command.Aliases.Add("connections");
        command.Subcommands.Add(Add(runtime));
        command.Subcommands.Add(List(runtime));
        command.Subcommands.Add(Update(runtime));
        command.Subcommands.Add(Remove(runtime));
        command.Subcommands.Add(Use(runtime));
        command.Subcommands.Add(Test(runtime));
        command.Subcommands.Add(Models(runtime));
        return command;
    }

    private static Command Add(CliRuntime runtime)
    {
        var name = new Argument<string>("NAME") { Description = "A name for the connection (unique)" };
        var provider = new Option<string>("--provider", "-p") { Description = "The provider: a wire protocol, or a service that speaks one (groq, deepseek, openrouter, google, claude)", Required = true, HelpName = Providers.HelpName };
        provider.AcceptOnlyFromAmong(Providers.Names);
        var baseUrl = new Option<string>("--base-url") { Description = "The endpoint (default: the provider's public API; required for openai-compatible)", HelpName = "URL" };
        var keyOptions = new ApiKeyOptions();
        var model = new Option<string>("--default-model", "-m") { Description = "The model used when none is named", HelpName = "MODEL" };
        var makeDefault = new Option<bool>("--default") { Description = "Make it the default connection (the first one added always is)" };
        var documents = NativeDocumentsOption();
        var command = new Command("add", "Add an LLM connection; prints its id. The API key is stored encrypted, never echoed")
        {
            name, provider, baseUrl, keyOptions.FromEnvironment, keyOptions.FromStdin, keyOptions.NoKey, model, makeDefault, documents,
        };
        runtime.SetAction(command, async (ctx, ct) =>
        {
            var named = Providers.Parse(ctx.Get(provider)!);
            var kind = named.Kind;
            var url = ctx.Get(baseUrl) ?? Providers.DefaultBaseUrl(named)
                ?? throw new UsageException($"--base-url is required for provider '{named.Name}'.");
            var key = keyOptions.Read(ctx, prompt: named.RequiresApiKey && !ctx.Get(keyOptions.NoKey), $"API key for '{ctx.Get(name)}' (input hidden; empty for none): ");
            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            var connection = await nexo.Connections.CreateAsync(
                new NewLlmConnection { Name = ctx.Get(name)!, Provider = kind, BaseUrl = url, ApiKey = key, DefaultModel = ctx.Get(model), NativeDocuments = ctx.Get(documents) ?? false },
                ct).ConfigureAwait(false);
            if (ctx.Get(makeDefault))
            {
                await nexo.Connections.SetDefaultAsync(connection.Id, ct).ConfigureAwait(false);
            }

            var isDefault = (await nexo.Connections.GetDefaultAsync(ct).ConfigureAwait(false))?.Id == connection.Id;
            WorkspaceCommands.WriteId(ctx, connection.Id, WithDefaultFlag(connection, isDefault));
            ctx.Info($"Added connection '{connection.Name}' ({Providers.Name(kind)}, {connection.BaseUrl}){(isDefault ? "; it is the default connection" : string.Empty)}.");
            if (key is null && named.RequiresApiKey)
            {
                ctx.Warn($"no API key stored; add one with 'nexo connection update {connection.Name} --api-key-env VAR'.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(CliRuntime runtime)
    {
        var command = new Command("list", "List LLM connections (* marks the default)");
        command.Aliases.Add("ls");
        runtime.SetAction(command, async (ctx, ct) =>
        {
            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            var connections = await nexo.Connections.ListAsync(ct).ConfigureAwait(false);
            var defaultId = (await nexo.Connections.GetDefaultAsync(ct).ConfigureAwait(false))?.Id;
            if (ctx.Json)
            {
                ctx.WriteJson(connections.Select(c => WithDefaultFlag(c, c.Id == defaultId)).ToList());
                return ExitCodes.Ok;
            }

            var table = new TableWriter().AddColumn(" ").AddColumn("NAME").AddColumn("PROVIDER").AddColumn("BASE URL", flexible: true)
                .AddColumn("DEFAULT MODEL").AddColumn("API KEY").AddColumn("ENABLED").AddColumn("ID");
            foreach (var c in connections)
            {
                table.AddRow(c.Id == defaultId ? "*" : string.Empty, c.Name, Providers.Name(c.Provider), c.BaseUrl, c.DefaultModel ?? "-", c.HasApiKey ? c.ApiKeyPreview : "-", c.Enabled, c.Id);
            }

            ctx.WriteTable(table, "No LLM connections. Add one with 'nexo connection add NAME --provider openai --api-key-env OPENAI_API_KEY'.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Update(CliRuntime runtime)
    {
        var target = Target();
        var rename = new Option<string>("--name") { Description = "A new name" };
        var provider = new Option<string>("--provider", "-p") { Description = "A new provider (a named service without --base-url also sets its endpoint)", HelpName = Providers.HelpName };
        provider.AcceptOnlyFromAmong(Providers.Names);
        var baseUrl = new Option<string>("--base-url") { Description = "A new endpoint", HelpName = "URL" };
        var keyOptions = new ApiKeyOptions();
        var promptKey = new Option<bool>("--prompt-api-key") { Description = "Ask for a new API key (input hidden)" };
        var clearKey = new Option<bool>("--clear-api-key") { Description = "Remove the stored API key" };
        var model = new Option<string>("--default-model", "-m") { Description = "A new default model (\"\" clears it)", HelpName = "MODEL" };
        var enable = new Option<bool>("--enable") { Description = "Enable the connection" };
        var disable = new Option<bool>("--disable") { Description = "Disable the connection" };
        var documents = NativeDocumentsOption();
        var windows = new Option<string[]>("--context-window")
        {
            Description = "A model's context window in tokens, used to fit long chats (repeatable; 0 forgets it, falling back to the provider's default)",
            HelpName = "MODEL=TOKENS",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("update", "Change an LLM connection")
        {
            target, rename, provider, baseUrl, keyOptions.FromEnvironment, keyOptions.FromStdin, promptKey, clearKey, model, enable, disable, documents, windows,
        };
        runtime.SetAction(command, async (ctx, ct) =>
        {
            if (ctx.Get(enable) && ctx.Get(disable))
            {
                throw new UsageException("--enable and --disable exclude each other.");
            }

            var keySources = new[] { ctx.Get(keyOptions.FromEnvironment) is not null, ctx.Get(keyOptions.FromStdin), ctx.Get(promptKey), ctx.Get(clearKey) }.Count(b => b);
            if (keySources > 1)
            {
                throw new UsageException("Give at most one of --api-key-env, --api-key-stdin, --prompt-api-key and --clear-api-key.");
            }

            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            var current = await nexo.Connections.FindAsync(ctx.Get(target)!, ct).ConfigureAwait(false);
            string? key = null;
            if (ctx.Get(clearKey))
            {
                key = string.Empty;
            }
            else if (ctx.Get(promptKey))
            {
                if (!ctx.Console.CanPrompt)
                {
                    throw new UsageException("--prompt-api-key needs a terminal; use --api-key-env VAR or --api-key-stdin in scripts.");
                }

                key = ctx.Console.ReadSecret($"New API key for '{current.Name}' (input hidden): ") ?? string.Empty;
            }
            else
            {
                key = keyOptions.Read(ctx, prompt: false, string.Empty);
            }

            var named = ctx.Get(provider) is { } p ? Providers.Parse(p) : null;
            var models = ctx.Get(windows) is { Length: > 0 } given ? WithContextWindows(current.Models, given) : null;
            var updated = await nexo.Connections.UpdateAsync(
                current.Id,
                new LlmConnectionUpdate
                {
                    Name = ctx.Get(rename),
                    Provider = named?.Kind,
                    // Switching to a named service (groq, openrouter…) points the connection at its endpoint; a wire protocol keeps the stored URL.
                    BaseUrl = ctx.Get(baseUrl) ?? (named is { IsWireName: false } ? named.DefaultBaseUrl : null),
                    ApiKey = key,
                    DefaultModel = ctx.Get(model),
                    Enabled = ctx.Get(enable) ? true : ctx.Get(disable) ? false : null,
                    NativeDocuments = ctx.Get(documents),
                    Models = models,
                },
                ct).ConfigureAwait(false);
            var isDefault = (await nexo.Connections.GetDefaultAsync(ct).ConfigureAwait(false))?.Id == updated.Id;
            WorkspaceCommands.WriteId(ctx, updated.Id, WithDefaultFlag(updated, isDefault));
            ctx.Info($"Updated connection '{updated.Name}'.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Remove(CliRuntime runtime)
    {
        var target = Target();
        var command = new Command("remove", "Delete an LLM connection") { target };
        command.Aliases.Add("rm");
        runtime.SetAction(command, async (ctx, ct) =>
        {
            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            var connection = await nexo.Connections.FindAsync(ctx.Get(target)!, ct).ConfigureAwait(false);
            await nexo.Connections.DeleteAsync(connection.Id, ct).ConfigureAwait(false);
            ctx.Info($"Removed connection '{connection.Name}'.");
            var fallback = await nexo.Connections.GetDefaultAsync(ct).ConfigureAwait(false);
            if (fallback is not null)
            {
                ctx.Info($"The default connection is '{fallback.Name}'.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Use(CliRuntime runtime)
    {
        var target = Target();
        var command = new Command("use", "Make a connection the default one (used when a workspace names none)") { target };
        runtime.SetAction(command, async (ctx, ct) =>
        {
            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            var connection = await nexo.Connections.SetDefaultAsync(ctx.Get(target)!, ct).ConfigureAwait(false);
            WorkspaceCommands.WriteId(ctx, connection.Id, WithDefaultFlag(connection, true));
            ctx.Info($"'{connection.Name}' is now the default connection.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Test(CliRuntime runtime)
    {
        var target = new Argument<string>("CONNECTION") { Description = "A stored connection's name or id (or describe one with --provider/--base-url)", Arity = ArgumentArity.ZeroOrOne };
        var provider = new Option<string>("--provider", "-p") { Description = "Test an unsaved endpoint with this protocol", HelpName = Providers.HelpName };
        provider.AcceptOnlyFromAmong(Providers.Names);
        var baseUrl = new Option<string>("--base-url") { Description = "The unsaved endpoint (default: the provider's public API)", HelpName = "URL" };
        var keyOptions = new ApiKeyOptions();
        var command = new Command("test", "Check that a connection answers: asks the provider for its models; stores nothing")
        {
            target, provider, baseUrl, keyOptions.FromEnvironment, keyOptions.FromStdin,
        };
        runtime.SetAction(command, async (ctx, ct) =>
        {
            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            string label;
            IReadOnlyList<LlmModel> models;
            using var spinner = new Spinner(ctx.Console);
            if (ctx.Get(target) is { } name)
            {
                if (ctx.Get(provider) is not null || ctx.Get(baseUrl) is not null)
                {
                    throw new UsageException("Give a stored connection or --provider/--base-url, not both.");
                }

                var connection = await nexo.Connections.FindAsync(name, ct).ConfigureAwait(false);
                var secrets = await nexo.Connections.GetSecretsAsync(connection.Id, ct).ConfigureAwait(false);
                label = $"connection '{connection.Name}' ({connection.BaseUrl})";
                spinner.Start($"asking {connection.BaseUrl} for its models…");
                models = await nexo.Connections.TestAsync(connection.Provider, connection.BaseUrl, keyOptions.Read(ctx, prompt: false, string.Empty) ?? secrets.ApiKey, ct).ConfigureAwait(false);
            }
            else
            {
                var named = Providers.Parse(ctx.Get(provider) ?? throw new UsageException("Give a connection name, or --provider (and --base-url) for an unsaved endpoint."));
                var url = ctx.Get(baseUrl) ?? Providers.DefaultBaseUrl(named) ?? throw new UsageException($"--base-url is required for provider '{named.Name}'.");
                label = url;
                spinner.Start($"asking {url} for its models…");
                models = await nexo.Connections.TestAsync(named.Kind, url, keyOptions.Read(ctx, prompt: named.RequiresApiKey, "API key (input hidden; empty for none): "), ct).ConfigureAwait(false);
            }

            spinner.Stop();
            if (ctx.Json)
            {
                ctx.WriteJson(new ConnectionTestOutput(true, models));
            }
            else
            {
                ctx.Info(ctx.Console.ErrorStyle.Green("✓ ") + $"{label} answers; {models.Count} model(s).");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Models(CliRuntime runtime)
    {
        var target = Target();
        var refresh = new Option<bool>("--refresh", "-r") { Description = "Ask the provider for its current list (and store it); done anyway when none is stored" };
        var command = new Command("models", "List a connection's models") { target, refresh };
        runtime.SetAction(command, async (ctx, ct) =>
        {
            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            var connection = await nexo.Connections.FindAsync(ctx.Get(target)!, ct).ConfigureAwait(false);
            var ask = ctx.Get(refresh) || connection.Models.Count == 0;
            IReadOnlyList<LlmModel> models;
            using (var spinner = new Spinner(ctx.Console))
            {
                if (ask)
                {
                    spinner.Start($"asking {connection.BaseUrl} for its models…");
                }

                models = await nexo.Connections.ListModelsAsync(connection.Id, ask, ct).ConfigureAwait(false);
            }

            if (ctx.Json)
            {
                ctx.WriteJson(models);
                return ExitCodes.Ok;
            }

            static string Flag(bool? value) => value switch { true => "yes", false => "no", _ => "?" };
            var table = new TableWriter().AddColumn(" ").AddColumn("MODEL", flexible: true).AddColumn("CONTEXT").AddColumn("TOOLS").AddColumn("THINKING").AddColumn("IMAGES").AddColumn("OWNER");
            foreach (var model in models)
            {
                var context = model.ContextWindow?.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) ?? "?";
                table.AddRow(model.Id == connection.DefaultModel ? "*" : string.Empty, model.Id, context, Flag(model.SupportsTools), Flag(model.SupportsThinking), Flag(model.SupportsImages), model.OwnedBy);
            }

            ctx.WriteTable(table, $"Connection '{connection.Name}' offers no models.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Argument<string> Target() => new("CONNECTION") { Description = "The connection's name or id" };

    /// <summary>The connection's models with the windows of <c>MODEL=TOKENS</c> pairs set (a model not listed yet is added).</summary>
    private static List<LlmModel> WithContextWindows(IReadOnlyList<LlmModel> models, string[] pairs)
    {
        var result = models.ToList();
        foreach (var pair in pairs)
        {
            var at = pair.LastIndexOf('=');
            if (at <= 0 || !int.TryParse(pair.AsSpan(at + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var tokens)
                || tokens is > 0 and < 256)
            {
                throw new UsageException($"--context-window takes MODEL=TOKENS with at least 256 tokens (or 0 to forget it), not '{pair}'.");
            }

            var id = pair[..at];
            var index = result.FindIndex(m => string.Equals(m.Id, id, StringComparison.Ordinal));
            var window = tokens == 0 ? (int?)null : tokens;
            if (index >= 0)
            {
                result[index] = result[index] with { ContextWindow = window };
            }
            else
            {
                result.Add(new LlmModel { Id = id, ContextWindow = window });
            }
        }

        return result;
    }

    private static Option<bool?> NativeDocumentsOption() => new("--native-documents")
    {
        Description = "Send PDF attachments as documents instead of their extracted text (true|false; honoured by anthropic only)",
        HelpName = "true|false",
    };

    /// <summary>A connection record as JSON with an extra <c>isDefault</c> property.</summary>
    internal static JsonNode WithDefaultFlag(LlmConnection connection, bool isDefault)
    {
        var node = JsonSerializer.SerializeToNode(connection, JsonOutput.Info<LlmConnection>())!;
        node["isDefault"] = isDefault;
        return node;
    }

    /// <summary>Where an API key comes from: an environment variable, stdin, or a hidden prompt. Never from the command line.</summary>
    private sealed class ApiKeyOptions
    {
        public Option<string> FromEnvironment { get; } = new("--api-key-env") { Description = "Read the API key from this environment variable", HelpName = "VAR" };

        public Option<bool> FromStdin { get; } = new("--api-key-stdin") { Description = "Read the API key from the first line of stdin" };

        public Option<bool> NoKey { get; } = new("--no-api-key") { Description = "Store no API key and do not ask for one" };

        /// <summary>Reads the key; <see langword="null"/> when none was given.</summary>
        public string? Read(CliContext ctx, bool prompt, string promptText)
        {
            if (ctx.Get(FromEnvironment) is { } variable)
            {
                if (ctx.Get(FromStdin))
                {
                    throw new UsageException("--api-key-env and --api-key-stdin exclude each other.");
                }

                var value = Environment.GetEnvironmentVariable(variable);
                if (string.IsNullOrWhiteSpace(value))
                {
                    throw new UsageException($"The environment variable {variable} is not set or empty.");
                }

                return value.Trim();
            }

            if (ctx.Get(FromStdin))
            {
                if (ctx.Console.InputIsTerminal)
                {
                    throw new UsageException("--api-key-stdin reads a piped key, but stdin is a terminal.");
                }

                var line = ctx.Console.In.ReadLine()?.Trim();
                return string.IsNullOrEmpty(line) ? throw new UsageException("--api-key-stdin: stdin held no key.") : line;
            }

            if (!prompt || !ctx.Console.CanPrompt)
            {
                return null;
            }

            var typed = ctx.Console.ReadSecret(promptText)?.Trim();
            return string.IsNullOrEmpty(typed) ? null : typed;
        }
    }
}
