using System.Reflection;

namespace Nexo.Samples.Tests;

/// <summary>Where the built samples are.</summary>
public static class Samples
{
    private static readonly string s_folder = Path.GetFullPath(Metadata("SamplesFolder"));
    private static readonly string s_output = Metadata("OutputFolder");

    /// <summary>The repository's root folder (the parent of samples/).</summary>
    public static string RepositoryRoot => Path.GetDirectoryName(s_folder)!;

    /// <summary>The project folder of a sample (its content root when it is run like <c>dotnet run</c> does).</summary>
    public static string ProjectFolder(string sample) => Path.Combine(s_folder, sample);

    /// <summary>The built DLL of a sample.</summary>
    public static string Dll(string sample, string assembly) => Path.Combine(s_folder, sample, s_output, assembly + ".dll");

    public static string McpServerDll => Dll("mcp-server", "Nexo.Samples.McpServer");

    public static string EmbeddingDll => Dll("Nexo.Samples.Embedding", "Nexo.Samples.Embedding");

    public static string ToolsDll => Dll("Nexo.Samples.Tools", "Nexo.Samples.Tools");

    public static string AspNetCoreDll => Dll("Nexo.Samples.AspNetCore", "Nexo.Samples.AspNetCore");

    private static string Metadata(string key) =>
        typeof(Samples).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
