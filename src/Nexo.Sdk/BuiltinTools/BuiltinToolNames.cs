namespace Nexo;

/// <summary>
/// The names of Nexo's built-in workspace tools. A workspace enables them one by one
/// (<see cref="WorkspaceSettings.BuiltinTools"/>); the file and command tools exist only in a workspace with a folder
/// (<see cref="Workspace.RootPath"/>) and never reach outside it.
/// </summary>
public static class BuiltinToolNames
{
    /// <summary><c>read_file</c>: a text file's lines (a range, up to a size cap).</summary>
    public const string ReadFile = "read_file";

    /// <summary><c>list_directory</c>: a folder's entries.</summary>
    public const string ListDirectory = "list_directory";

    /// <summary><c>find_files</c>: files whose path matches a glob.</summary>
    public const string FindFiles = "find_files";

    /// <summary><c>search_text</c>: lines matching a regular expression across the tree (respecting <c>.gitignore</c>).</summary>
    public const string SearchText = "search_text";

    /// <summary><c>write_file</c>: creates or replaces a text file.</summary>
    public const string WriteFile = "write_file";

    /// <summary><c>edit_file</c>: replaces an exact string in a text file; the result carries a unified diff.</summary>
    public const string EditFile = "edit_file";

    /// <summary><c>run_command</c>: runs a command (argv or a shell line) in the workspace folder, with a timeout and an output cap.</summary>
    public const string RunCommand = "run_command";

    /// <summary><c>update_plan</c>: replaces the chat's plan (<see cref="Chat.Plan"/>); needs no folder and no permission.</summary>
    public const string UpdatePlan = "update_plan";

    /// <summary>
    /// <c>read_mcp_resource</c>: lists and reads the resources of the workspace's MCP servers (and resource links that tools
    /// return); needs no folder.
    /// </summary>
    public const string ReadMcpResource = "read_mcp_resource";

    /// <summary>Every built-in tool, in the order they are offered.</summary>
    public static IReadOnlyList<string> All { get; } = [ReadFile, ListDirectory, FindFiles, SearchText, WriteFile, EditFile, RunCommand, UpdatePlan, ReadMcpResource];

    /// <summary>The tools that only read (allowed without asking under <see cref="ToolPermissionMode.AllowReads"/>).</summary>
    public static IReadOnlyList<string> ReadOnly { get; } = [ReadFile, ListDirectory, FindFiles, SearchText, ReadMcpResource];

    /// <summary>
    /// What kind of action a built-in tool takes, in the Agent Client Protocol's words: <c>read</c>, <c>search</c>,
    /// <c>edit</c>, <c>execute</c> or <c>think</c>; <c>other</c> for any other name.
    /// </summary>
    /// <param name="name">A tool name.</param>
    public static string KindOf(string name) => name switch
    {
        ReadFile or ListDirectory or ReadMcpResource => "read",
        FindFiles or SearchText => "search",
        WriteFile or EditFile => "edit",
        RunCommand => "execute",
        UpdatePlan => "think",
        _ => "other",
    };
}
