using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Reflection;

namespace Nexo.Package.Tests;

/// <summary>
/// Packs Nexo.Sdk and Nexo.Sdk.PostgreSql once (with a unique pre-release version, so no stale copy from the NuGet cache
/// is used).
/// </summary>
public sealed class PackageFixture : IAsyncLifetime
{
    public static string RepositoryRoot { get; } = Path.GetFullPath(
        typeof(PackageFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!);

    public string Folder { get; } = Directory.CreateTempSubdirectory("nexo-package-").FullName;

    public string Feed => Path.Combine(Folder, "feed");

    public string Version { get; } = "0.0.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);

    public string PackagePath => Path.Combine(Feed, $"Nexo.Sdk.{Version}.nupkg");

    public string SymbolsPath => Path.Combine(Feed, $"Nexo.Sdk.{Version}.snupkg");

    public string PostgreSqlPackagePath => Path.Combine(Feed, $"Nexo.Sdk.PostgreSql.{Version}.nupkg");

    public async Task InitializeAsync()
    {
        var result = await RunAsync("dotnet", RepositoryRoot, "pack", "src/Nexo.Sdk", "-c", "Release", "-o", Feed, $"-p:Version={Version}", "-nologo");
        Assert.True(result.ExitCode == 0, "dotnet pack failed:\n" + result.Output);
        result = await RunAsync("dotnet", RepositoryRoot, "pack", "src/Nexo.Sdk.PostgreSql", "-c", "Release", "-o", Feed, $"-p:Version={Version}", "-nologo");
        Assert.True(result.ExitCode == 0, "dotnet pack src/Nexo.Sdk.PostgreSql failed:\n" + result.Output);
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
            foreach (var id in new[] { "nexo.sdk", "nexo.sdk.postgresql" })
            {
                var cached = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages", id, Version);
                if (Directory.Exists(cached))
                {
                    Directory.Delete(cached, recursive: true);
                }
            }
        }
        catch (IOException)
        {
        }

        return Task.CompletedTask;
    }

    public static Dictionary<string, byte[]> ReadEntries(string zip)
    {
        using var archive = ZipFile.OpenRead(zip);
        return archive.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var s = e.Open();
            using var m = new MemoryStream();
            s.CopyTo(m);
            return m.ToArray();
        });
    }

    /// <summary>
    /// Settings for a <c>dotnet</c> child whose output is read to its end: no MSBuild node reuse and no build server, since
    /// a reused node inherits the redirected pipes and keeps them open long after the build, so the read never ends.
    /// </summary>
    public static void UseIsolatedBuild(ProcessStartInfo psi)
    {
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        psi.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(string file, string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        UseIsolatedBuild(psi);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, await stdout + await stderr);
    }
}

[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<PackageFixture>
{
    public const string Name = "package";
}
