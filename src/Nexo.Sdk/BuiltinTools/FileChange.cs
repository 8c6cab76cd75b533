namespace Nexo.BuiltinTools;

/// <summary>A change write_file or edit_file would make, computed without writing (for the preview and for the call itself).</summary>
/// <param name="Path">The file.</param>
/// <param name="OldText">Its text now; <see langword="null"/> when it does not exist yet.</param>
/// <param name="NewText">Its text after the change.</param>
/// <param name="Replacements">For an edit: how many occurrences are replaced.</param>
internal sealed record FileChange(SandboxPath Path, string? OldText, string NewText, int Replacements = 0)
{
    /// <summary>The most characters of a diff put in a tool's result.</summary>
    public const int MaxDiffChars = 32 * 1024;

    public string Diff => _diff ??= UnifiedDiff.Create(OldText, NewText, Path.Relative);

    private string? _diff;

    public ToolCallPreview ToPreview(string tool) => new()
    {
        Kind = BuiltinToolNames.KindOf(tool),
        Path = Path.FullPath,
        OldText = OldText,
        NewText = NewText,
        Diff = Diff,
    };

    /// <summary>The diff for a tool result, cut at <see cref="MaxDiffChars"/>.</summary>
    public string DiffForResult() => Diff.Length <= MaxDiffChars
        ? Diff
        : Diff[..MaxDiffChars] + $"\n[The diff is cut: {Diff.Length - MaxDiffChars:N0} more characters.]";

    /// <summary>Writes the new text through the turn's file access (or to the disk).</summary>
    public Task ApplyAsync(BuiltinToolContext context, CancellationToken cancellationToken) =>
        (context.Files ?? DiskFileAccess.Instance).WriteTextFileAsync(Path.FullPath, NewText, cancellationToken);
}
