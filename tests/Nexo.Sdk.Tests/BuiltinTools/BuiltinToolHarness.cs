using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.AI;
using Nexo.Sdk.Tests.Chats;

namespace Nexo.Sdk.Tests.BuiltinTools;

/// <summary>
/// A chat in a workspace whose folder is a real temp folder (<see cref="Root"/>), beside a sibling folder
/// (<see cref="Outside"/>) that no tool may read or change, with the built-in tools enabled and a scripted model that
/// calls them through real turns.
/// </summary>
public sealed class BuiltinToolHarness : IAsyncDisposable
{
    private int _calls;

    private BuiltinToolHarness(ChatHarness chats, string folder)
    {
        Chats = chats;
        Folder = folder;
        Root = Path.Combine(folder, "project");
        Outside = Path.Combine(folder, "outside");
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Outside);
        File.WriteAllText(Path.Combine(Outside, "secret.txt"), "the sibling's secret\n");
        File.WriteAllText(Path.Combine(Outside, "notes.md"), "# Outside\nnot for tools\n");
    }

    public ChatHarness Chats { get; }

    public NexoClient Nexo => Chats.Nexo;

    public ScriptedChatClient Model => Chats.Model;

    /// <summary>The temp folder holding <see cref="Root"/> and <see cref="Outside"/>.</summary>
    public string Folder { get; }

    /// <summary>The workspace folder.</summary>
    public string Root { get; }

    /// <summary>A sibling of the workspace folder: nothing there may be read or changed.</summary>
    public string Outside { get; }

    public Chat Chat { get; private set; } = null!;

    /// <summary>A harness with <paramref name="tools"/> enabled (all by default) in <paramref name="mode"/>.</summary>
    public static async Task<BuiltinToolHarness> CreateAsync(
        IReadOnlyList<string>? tools = null, ToolPermissionMode mode = ToolPermissionMode.AllowAll, bool withFolder = true, Action<NexoOptions>? configure = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "nexo-builtin-tests", Guid.NewGuid().ToString("N"));
        var chats = await ChatHarness.CreateAsync(o =>
        {
            o.ToolPermissionTimeout = TimeSpan.FromSeconds(30);
            configure?.Invoke(o);
        });
        var h = new BuiltinToolHarness(chats, folder);
        if (withFolder)
        {
            await h.Nexo.Workspaces.UpdateAsync(chats.Workspace.Id, new WorkspaceUpdate { RootPath = h.Root });
        }

        // Truncate, not summarize: big tool results must not make the turn ask the scripted model for a summary.
        await h.Nexo.Workspaces.UpdateSettingsAsync(chats.Workspace.Id, new WorkspaceSettingsPatch { BuiltinTools = tools ?? BuiltinToolNames.All, ToolPermissionMode = mode, ContextStrategy = ContextStrategy.Truncate });
        h.Chat = await chats.NewChatAsync("tools");
        return h;
    }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public void Write(string relative, string content)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    /// <summary>Has the model call <paramref name="tool"/> once with <paramref name="args"/>, then answer; returns the stored tool message.</summary>
    public async Task<Message> CallAsync(string tool, IDictionary<string, object?> args, SendMessageRequest? request = null)
    {
        var id = "call" + Interlocked.Increment(ref _calls);
        Model.Enqueue(Step.Call(id, tool, args));
        Model.Enqueue(Step.Text("done"));
        var result = await Nexo.Chats.SendMessageAsync((request ?? new SendMessageRequest { ChatId = Chat.Id, Content = "go" }) with { ChatId = Chat.Id, Content = "use " + tool });
        var branch = await Nexo.Messages.GetActiveBranchAsync(Chat.Id);
        return branch.SingleOrDefault(m => m.Role == MessageRole.Tool && m.ToolCallId == id)
            ?? throw new InvalidOperationException($"No tool message for {id} on the branch; the turn ended with {result.StopReason}: {result.AssistantMessage.Content} {result.AssistantMessage.Error}");
    }

    /// <summary>Calls the tool and asserts it succeeded; returns the result text.</summary>
    public async Task<string> OkAsync(string tool, IDictionary<string, object?> args)
    {
        var message = await CallAsync(tool, args);
        Assert.True(message.Status == MessageStatus.Complete, $"{tool} failed: {message.Content}");
        return message.Content;
    }

    /// <summary>Calls the tool and asserts it failed with a tool error; returns the error text.</summary>
    public async Task<string> ErrorAsync(string tool, IDictionary<string, object?> args)
    {
        var message = await CallAsync(tool, args);
        Assert.True(message.Status == MessageStatus.Error, $"{tool} should have failed but returned: {message.Content}");
        Assert.True(message.Metadata!.Value.GetProperty("isError").GetBoolean());
        Assert.StartsWith(tool + ": ", message.Content, StringComparison.Ordinal);
        return message.Content;
    }

    /// <summary>The names of the tools offered in the model's last request.</summary>
    public IReadOnlyList<string> OfferedTools() =>
        Model.Requests.Last().Options?.Tools?.OfType<AIFunctionDeclaration>().Select(t => t.Name).ToList() ?? [];

    /// <summary>A hash of everything in a folder: relative paths, file contents and link targets (no link is followed).</summary>
    public static string HashFolder(string folder)
    {
        var text = new StringBuilder();
        foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .OrderBy(e => e.FullName, StringComparer.Ordinal))
        {
            text.Append(Path.GetRelativePath(folder, entry.FullName)).Append('|');
            if (entry.LinkTarget is { } target)
            {
                text.Append("link:").Append(target);
            }
            else if (entry is FileInfo file)
            {
                text.Append(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file.FullName)))).Append('|').Append(file.LastWriteTimeUtc.Ticks);
            }

            text.Append('\n');
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    public async ValueTask DisposeAsync()
    {
        await Chats.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
