namespace Nexo;

/// <summary>
/// What a built-in tool call would do, shown before it is allowed (<see cref="ToolPermissionRequestEvent.Previews"/>):
/// its kind, the file it touches, and for an edit the text before and after with a unified diff.
/// </summary>
public sealed record ToolCallPreview
{
    /// <summary>The kind of action (<see cref="BuiltinToolNames.KindOf"/>): <c>read</c>, <c>search</c>, <c>edit</c>, <c>execute</c>, <c>think</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The absolute path of the file or folder the call touches, when it touches one.</summary>
    public string? Path { get; init; }

    /// <summary>For an edit: the file's text now (<see langword="null"/> for a new file).</summary>
    public string? OldText { get; init; }

    /// <summary>For an edit: the file's text after the call.</summary>
    public string? NewText { get; init; }

    /// <summary>For an edit: a unified diff from <see cref="OldText"/> to <see cref="NewText"/>.</summary>
    public string? Diff { get; init; }

    /// <summary>For <c>run_command</c>: the command as it would run.</summary>
    public string? Command { get; init; }

    /// <summary>Why the call cannot run (a path outside the folder, a missing file, a string not found…); it will fail with this error if allowed.</summary>
    public string? Error { get; init; }
}
