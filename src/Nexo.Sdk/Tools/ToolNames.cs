namespace Nexo.Tools;

/// <summary>The one rule that maps the name in a model's tool call back to the tool offered under it.</summary>
internal static class ToolNames
{
    /// <summary>
    /// An exact match first, then a case-insensitive one when it is unambiguous (some models change the case of tool
    /// names); <see langword="null"/> when no offered tool has that name.
    /// </summary>
    public static T? Find<T>(IEnumerable<T> tools, Func<T, string> name, string? modelName)
        where T : class
    {
        if (string.IsNullOrEmpty(modelName))
        {
            return null;
        }

        T? folded = null;
        var foldedCount = 0;
        foreach (var tool in tools)
        {
            var offered = name(tool);
            if (string.Equals(offered, modelName, StringComparison.Ordinal))
            {
                return tool;
            }

            if (string.Equals(offered, modelName, StringComparison.OrdinalIgnoreCase))
            {
                folded = tool;
                foldedCount++;
            }
        }

        return foldedCount == 1 ? folded : null;
    }
}
