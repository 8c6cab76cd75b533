using System.CommandLine;
using Nexo.Cli.Output;

namespace Nexo.Cli.Commands;

/// <summary><c>nexo prompt add|list|show|update|remove|render</c>.</summary>
internal static class PromptCommands
{
    public static Command Create(CliRuntime runtime)
    {
        var command = new Command("prompt", "Manage prompt templates with {{variable}} placeholders");
        command.Aliases.Add("prompts");
        command.Subcommands.Add(Add(runtime));
        command.Subcommands.Add(List(runtime));
        command.Subcommands.Add(Show(runtime));
        command.Subcommands.Add(Update(runtime));
        command.Subcommands.Add(Remove(runtime));
        command.Subcommands.Add(Render(runtime));
        return command;
    }

    private static Command Add(CliRuntime runtime)
    {
        var name = new Argument<string>("NAME") { Description = "A name for the prompt (unique)" };
        var content = new Argument<string>("CONTENT") { Description = "The template text (or --file, or piped stdin)", Arity = ArgumentArity.ZeroOrOne };
        var file = new Option<string>("--file", "-f") { Description = "Read the template from this file", HelpName = "FILE" };
        var description = new Option<string>("--description", "-d") { Description = "What the prompt is for" };
        var command = new Command("add", "Add a prompt template; prints its id") { name, content, file, description };
        runtime.SetAction(command, async (ctx, ct) =>
        {
            var text = await ReadContentAsync(ctx, ctx.Get(content), ctx.Get(file), required: true, ct).ConfigureAwait(false);
            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            var prompt = await nexo.Prompts.CreateAsync(new NewPrompt { Name = ctx.Get(name)!, Content = text!, Description = ctx.Get(description) }, ct).ConfigureAwait(false);
            WorkspaceCommands.WriteId(ctx, prompt.Id, prompt);
            ctx.Info($"Added prompt '{prompt.Name}'{(prompt.Variables.Count == 0 ? string.Empty : $" with variables {string.Join(", ", prompt.Variables)}")}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(CliRuntime runtime)
    {
        var command = new Command("list", "List prompt templates");
        command.Aliases.Add("ls");
        runtime.SetAction(command, async (ctx, ct) =>
        {
            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            var prompts = await nexo.Prompts.ListAsync(ct).ConfigureAwait(false);
            if (ctx.Json)
            {
                ctx.WriteJson(prompts);
                return ExitCodes.Ok;
            }

            var table = new TableWriter().AddColumn("NAME").AddColumn("VARIABLES").AddColumn("DESCRIPTION", flexible: true).AddColumn("UPDATED").AddColumn("ID");
            foreach (var p in prompts)
            {
                table.AddRow(p.Name, p.Variables.Count == 0 ? "-" : string.Join(", ", p.Variables), p.Description ?? Formats.Truncate(p.Content, 50), p.UpdatedAt, p.Id);
            }

            ctx.WriteTable(table, "No prompts. Add one with 'nexo prompt add NAME \"Review this {{language}} code\"'.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(CliRuntime runtime)
    {
        var target = Target();
        var command = new Command("show", "Print a prompt template (the raw text on stdout)") { target };
        runtime.SetAction(command, async (ctx, ct) =>
        {
            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            var prompt = await nexo.Prompts.FindAsync(ctx.Get(target)!, ct).ConfigureAwait(false);
            if (ctx.Json)
            {
                ctx.WriteJson(prompt);
                return ExitCodes.Ok;
            }

            if (ctx.Console.ErrorIsTerminal)
            {
                var style = ctx.Console.ErrorStyle;
                ctx.Info(style.Bold(prompt.Name) + style.Dim($" · {prompt.Id}{(prompt.Description is null ? string.Empty : " · " + prompt.Description)}"));
            }

            ctx.Console.Out.WriteLine(prompt.Content);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Update(CliRuntime runtime)
    {
        var target = Target();
        var rename = new Option<string>("--name") { Description = "A new name" };
        var content = new Option<string>("--content") { Description = "A new template text", HelpName = "TEXT" };
        var file = new Option<string>("--file", "-f") { Description = "Read the new template from this file", HelpName = "FILE" };
        var description = new Option<string>("--description", "-d") { Description = "A new description (\"\" clears it)" };
        var command = new Command("update", "Change a prompt template") { target, rename, content, file, description };
        runtime.SetAction(command, async (ctx, ct) =>
        {
            var text = await ReadContentAsync(ctx, ctx.Get(content), ctx.Get(file), required: false, ct).ConfigureAwait(false);
            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            var current = await nexo.Prompts.FindAsync(ctx.Get(target)!, ct).ConfigureAwait(false);
            var prompt = await nexo.Prompts.UpdateAsync(current.Id, new PromptUpdate { Name = ctx.Get(rename), Content = text, Description = ctx.Get(description) }, ct).ConfigureAwait(false);
            WorkspaceCommands.WriteId(ctx, prompt.Id, prompt);
            ctx.Info($"Updated prompt '{prompt.Name}'.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Remove(CliRuntime runtime)
    {
        var target = Target();
        var command = new Command("remove", "Delete a prompt template") { target };
        command.Aliases.Add("rm");
        runtime.SetAction(command, async (ctx, ct) =>
        {
            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            var prompt = await nexo.Prompts.FindAsync(ctx.Get(target)!, ct).ConfigureAwait(false);
            await nexo.Prompts.DeleteAsync(prompt.Id, ct).ConfigureAwait(false);
            ctx.Info($"Removed prompt '{prompt.Name}'.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Render(CliRuntime runtime)
    {
        var target = Target();
        var variables = CommonOptions.Pairs("--var", "A value for a {{variable}} (repeatable)", "NAME=VALUE");
        var command = new Command("render", "Fill in a prompt template's variables and print the result") { target, variables };
        runtime.SetAction(command, async (ctx, ct) =>
        {
            var values = CommonOptions.ParsePairs(ctx.Get(variables), "--var");
            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            var text = await nexo.Prompts.RenderAsync(ctx.Get(target)!, values, ct).ConfigureAwait(false);
            if (ctx.Json)
            {
                ctx.WriteJson(new RenderedPromptOutput(text));
            }
            else
            {
                ctx.Console.Out.WriteLine(text);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Argument<string> Target() => new("PROMPT") { Description = "The prompt's name or id" };

    private static async Task<string?> ReadContentAsync(CliContext ctx, string? inline, string? file, bool required, CancellationToken ct)
    {
        if (inline is not null && file is not null)
        {
            throw new UsageException("Give the template text or --file, not both.");
        }

        if (file is not null)
        {
            return file == "-" ? await ctx.Console.In.ReadToEndAsync(ct).ConfigureAwait(false) : await File.ReadAllTextAsync(file, ct).ConfigureAwait(false);
        }

        if (inline is not null || !required)
        {
            return inline;
        }

        var piped = await CommonOptions.ReadRedirectedInputAsync(ctx.Console, ct).ConfigureAwait(false);
        return string.IsNullOrEmpty(piped)
            ? throw new UsageException("Give the template text as an argument, with --file FILE, or on stdin.")
            : piped;
    }
}
