namespace Nexo.Sdk.Tests.Mcp;

/// <summary>Finds processes through /proc: the processes a test started carry a unique environment variable.</summary>
internal static class ProcessProbe
{
    public const string TagVariable = "NEXO_TEST_TAG";

    /// <summary>The live processes whose environment has <see cref="TagVariable"/> = <paramref name="tag"/>.</summary>
    public static IReadOnlyList<int> FindTagged(string tag)
    {
        var wanted = $"{TagVariable}={tag}";
        var result = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || !IsAlive(pid))
            {
                continue;
            }

            try
            {
                var environ = File.ReadAllText(Path.Combine(dir, "environ"));
                if (environ.Split('\0').Contains(wanted, StringComparer.Ordinal))
                {
                    result.Add(pid);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or not ours.
            }
        }

        return result;
    }

    /// <summary>Whether the process exists and is not a zombie.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state != "Z" && state != "X";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
