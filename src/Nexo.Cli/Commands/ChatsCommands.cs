using System.CommandLine;
using Nexo.Cli.Output;

namespace Nexo.Cli.Commands;

/// <summary><c>nexo chats list|show|rename|delete|export|search|cancel|fork|import</c>.</summary>
internal static class ChatsCommands
{
    public static Command Create(CliRuntime runtime)
    {
        var command = new Command("chats", "List, read, rename, delete, export, import, fork and search chats; cancel a running answer");
        command.Subcommands.Add(List(runtime));
        command.Subcommands.Add(Show(runtime));
        command.Subcommands.Add(Rename(runtime));
        command.Subcommands.Add(Delete(runtime));
        command.Subcommands.Add(Export(runtime));
        command.Subcommands.Add(Search(runtime));
        command.Subcommands.Add(Cancel(runtime));
        command.Subcommands.Add(Fork(runtime));
        command.Subcommands.Add(Import(runtime));
        return command;
    }

    private static Command List(CliRuntime runtime)
    {
        var workspace = CommonOptions.Workspace();
        var all = new Option<bool>("--all", "-a") { Description = "Include archived chats" };
        var limit = new Option<int>("--limit", "-n") { Description = "At most this many chats (1 to 1000)", DefaultValueFactory = _ => 50 };
        var command = new Command("list", "List the chats of a workspace, most recent first") { workspace, all, limit };
        command.Aliases.Add("ls");
        runtime.SetAction(command, async (ctx, ct) =>
        {
            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            var ws = await ctx.ResolveWorkspaceAsync(ctx.Get(workspace), ct).ConfigureAwait(false);
            var page = await nexo.Chats.ListAsync(ws.Id, new ChatQuery { Limit = ctx.Get(limit), IncludeArchived = ctx.Get(all) }, ct).ConfigureAwait(false);
            if (ctx.Json)
            {
                ctx.WriteJson(page.Items);
                return ExitCodes.Ok;
            }

            var table = new TableWriter().AddColumn("ID").AddColumn("TITLE", flexible: true).AddColumn("UPDATED").AddColumn("LAST MESSAGE", flexible: true);
            foreach (var chat in page.Items)
            {
                var title = (chat.Pinned ? "📌 " : string.Empty) + chat.Title + (chat.Archived ? " (archived)" : string.Empty);
                table.AddRow(chat.Id, title, chat.UpdatedAt, Formats.Truncate(chat.LastMessage, 60));
            }

            ctx.WriteTable(table, $"No chats in workspace '{ws.Name}'. Start one with 'nexo chat \"hello\"'.");
            if (page.NextCursor is not null)
            {
                ctx.Info(ctx.Console.ErrorStyle.Dim($"(more chats exist; raise --limit to see them)"));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(CliRuntime runtime)
    {
        var id = ChatId();
        var allBranches = new Option<bool>("--all-branches") { Description = "Show every message, not only the active branch" };
        var command = new Command("show", "Print a chat's messages") { id, allBranches };
        runtime.SetAction(command, async (ctx, ct) =>
        {
            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            var chat = await nexo.Chats.GetAsync(ctx.Get(id)!, ct).ConfigureAwait(false);
            var messages = ctx.Get(allBranches)
                ? await Transcript.ReadAllAsync(nexo, chat.Id, ct).ConfigureAwait(false)
                : await nexo.Messages.GetActiveBranchAsync(chat.Id, ct).ConfigureAwait(false);
            if (ctx.Json)
            {
                ctx.WriteJson(new ChatWithMessages(chat, messages));
                return ExitCodes.Ok;
            }

            ctx.Info(ctx.Console.ErrorStyle.Bold(chat.Title) + ctx.Console.ErrorStyle.Dim($" · {chat.Id}"));
            if (messages.Count == 0)
            {
                ctx.Info("(no messages)");
            }

            Transcript.WriteReadable(ctx.Console.Out, ctx.Console.OutputStyle, messages, ctx.Console.OutputIsTerminal);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Rename(CliRuntime runtime)
    {
        var id = ChatId();
        var title = new Argument<string>("TITLE") { Description = "The new title" };
        var command = new Command("rename", "Change a chat's title") { id, title };
        runtime.SetAction(command, async (ctx, ct) =>
        {
            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            var chat = await nexo.Chats.UpdateAsync(ctx.Get(id)!, new ChatUpdate { Title = ctx.Get(title) }, ct).ConfigureAwait(false);
            WorkspaceCommands.WriteId(ctx, chat.Id, chat);
            ctx.Info($"Renamed chat to '{chat.Title}'.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Delete(CliRuntime runtime)
    {
        var ids = new Argument<string[]>("CHAT") { Description = "One or more chat ids", Arity = ArgumentArity.OneOrMore };
        var command = new Command("delete", "Delete chats and their messages") { ids };
        command.Aliases.Add("rm");
        runtime.SetAction(command, async (ctx, ct) =>
        {
            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            foreach (var chatId in ctx.Get(ids)!)
            {
                await nexo.Chats.DeleteAsync(chatId, ct).ConfigureAwait(false);
                ctx.Info($"Deleted chat {chatId}.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Export(CliRuntime runtime)
    {
        var id = ChatId();
        var format = new Option<string>("--format", "-f") { Description = "markdown (the active branch) or json (every message, lossless)", DefaultValueFactory = _ => "markdown", HelpName = "markdown|json" };
        format.AcceptOnlyFromAmong("markdown", "md", "json");
        var output = new Option<string>("--output", "-o") { Description = "Write to this file instead of stdout", HelpName = "FILE" };
        var command = new Command("export", "Export a chat as Markdown or JSON") { id, format, output };
        runtime.SetAction(command, async (ctx, ct) =>
        {
            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            var chat = await nexo.Chats.GetAsync(ctx.Get(id)!, ct).ConfigureAwait(false);
            var json = ctx.Get(format) == "json" || (ctx.Json && ctx.Parse.GetResult(format) is null or { Implicit: true });
            var text = await nexo.Chats.ExportAsync(chat.Id, json ? ChatExportFormat.Json : ChatExportFormat.Markdown, ct).ConfigureAwait(false);
            if (ctx.Get(output) is { Length: > 0 } file)
            {
                var path = Path.GetFullPath(file);
                await File.WriteAllTextAsync(path, text, ct).ConfigureAwait(false);
                ctx.Info($"Exported chat '{chat.Title}' to {path}.");
            }
            else
            {
                await ctx.Console.Out.WriteAsync(text).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Search(CliRuntime runtime)
    {
        var query = new Argument<string>("QUERY") { Description = "Words to find (prefix matches); \"quoted phrases\" match exactly" };
        var workspace = new Option<string>("--workspace", "-w") { Description = "Only this workspace (default: every workspace)", HelpName = "NAME|ID" };
        var chat = new Option<string>("--chat") { Description = "Only this chat", HelpName = "ID" };
        var limit = new Option<int>("--limit", "-n") { Description = "At most this many hits (1 to 500)", DefaultValueFactory = _ => 20 };
        var command = new Command("search", "Full-text search in message content") { query, workspace, chat, limit };
        runtime.SetAction(command, async (ctx, ct) =>
        {
            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            string? workspaceId = null;
            if (ctx.Get(workspace) is { } w)
            {
                workspaceId = (await nexo.Workspaces.FindAsync(w, ct).ConfigureAwait(false)).Id;
            }

            var hits = await nexo.Messages.SearchAsync(
                new MessageSearchQuery { Text = ctx.Get(query)!, WorkspaceId = workspaceId, ChatId = ctx.Get(chat), Limit = ctx.Get(limit) },
                ct).ConfigureAwait(false);
            if (ctx.Json)
            {
                ctx.WriteJson(hits);
                return ExitCodes.Ok;
            }

            var table = new TableWriter().AddColumn("CHAT").AddColumn("TITLE", flexible: true).AddColumn("ROLE").AddColumn("WHEN").AddColumn("MATCH", flexible: true);
            foreach (var hit in hits)
            {
                table.AddRow(hit.ChatId, hit.ChatTitle, RoleName(hit.Role), hit.CreatedAt, hit.Snippet);
            }

            ctx.WriteTable(table, $"No messages match '{ctx.Get(query)}'.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Cancel(CliRuntime runtime)
    {
        var id = ChatId();
        var command = new Command("cancel", "Stop the answer a chat is writing, in this or any other process on the database (the partial answer is kept)") { id };
        runtime.SetAction(command, async (ctx, ct) =>
        {
            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            var chat = await nexo.Chats.GetAsync(ctx.Get(id)!, ct).ConfigureAwait(false);
            var cancelled = await nexo.Chats.CancelAsync(chat.Id, ct).ConfigureAwait(false);
            if (ctx.Json)
            {
                ctx.WriteJson(new ChatCancelOutput(chat.Id, cancelled));
            }
            else
            {
                ctx.Info(cancelled ? $"Asked the answer in chat '{chat.Title}' to stop." : $"Chat '{chat.Title}' is not answering anything.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Fork(CliRuntime runtime)
    {
        var id = ChatId();
        var message = new Argument<string>("MESSAGE") { Description = "The last message the fork holds (ids: 'nexo chats show CHAT --json')" };
        var command = new Command("fork", "Copy a chat's branch up to a message into a new chat titled '… (fork)'; prints the new chat's id") { id, message };
        runtime.SetAction(command, async (ctx, ct) =>
        {
            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            var fork = await nexo.Chats.ForkAsync(ctx.Get(id)!, ctx.Get(message)!, ct).ConfigureAwait(false);
            WorkspaceCommands.WriteId(ctx, fork.Id, fork);
            ctx.Info($"Forked into chat '{fork.Title}'.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Import(CliRuntime runtime)
    {
        var file = new Argument<string>("FILE") { Description = "The file to import ('-' reads stdin)" };
        var workspace = CommonOptions.Workspace();
        var format = new Option<string>("--format", "-f") { Description = "nexo (a 'nexo chats export --format json' file) or chatgpt (ChatGPT's conversations.json)", DefaultValueFactory = _ => "nexo", HelpName = "nexo|chatgpt" };
        format.AcceptOnlyFromAmong("nexo", "chatgpt");
        var command = new Command("import", "Import chats from a Nexo JSON export or ChatGPT's conversations.json (all or nothing); prints the new chats' ids") { file, workspace, format };
        runtime.SetAction(command, async (ctx, ct) =>
        {
            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            var path = ctx.Get(file)!;
            string content;
            if (path == "-")
            {
                content = await ctx.Console.In.ReadToEndAsync(ct).ConfigureAwait(false);
            }
            else
            {
                var full = Path.GetFullPath(path);
                if (!File.Exists(full))
                {
                    throw NexoException.Validation("file", $"The file '{full}' does not exist.");
                }

                content = await File.ReadAllTextAsync(full, ct).ConfigureAwait(false);
            }

            var ws = await ctx.ResolveWorkspaceAsync(ctx.Get(workspace), ct).ConfigureAwait(false);
            var chats = await nexo.Chats.ImportAsync(
                new ChatImportRequest { WorkspaceId = ws.Id, Content = content, Format = ctx.Get(format) == "chatgpt" ? ChatImportFormat.ChatGpt : ChatImportFormat.Nexo },
                ct).ConfigureAwait(false);
            if (ctx.Json)
            {
                ctx.WriteJson(chats);
                return ExitCodes.Ok;
            }

            foreach (var chat in chats)
            {
                ctx.Console.Out.WriteLine(chat.Id);
            }

            ctx.Info($"Imported {chats.Count} chat{(chats.Count == 1 ? string.Empty : "s")} into workspace '{ws.Name}'.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Argument<string> ChatId() => new("CHAT") { Description = "The chat id (see 'nexo chats list')" };

    private static string RoleName(MessageRole role) => role switch
    {
        MessageRole.User => "user",
        MessageRole.Assistant => "assistant",
        MessageRole.Tool => "tool",
        _ => "system",
    };
}
