using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Nexo.Cli.Tests;

/// <summary>
/// The native (Native AOT) <c>nexo</c>, published once per test run with the README's install command
/// (<c>dotnet publish src/Nexo.Cli -r RID -c Release</c>) and cached by a hash of its inputs (every file under
/// <c>src/</c> plus the build settings) in <c>$NEXO_AOT_CACHE</c>, else <c>~/.cache/nexo/aot</c>: an unchanged tree
/// is not compiled again. The publish must print no trim or AOT warning.
/// </summary>
public sealed class NativeCliFixture
{
    private static readonly string RepositoryRoot = typeof(NativeCliFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    public NativeCliFixture()
    {
        var cacheRoot = System.Environment.GetEnvironmentVariable("NEXO_AOT_CACHE") is { Length: > 0 } configured
            ? configured
            : Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".cache", "nexo", "aot");
        var folder = Path.Combine(cacheRoot, $"{RuntimeInformation.RuntimeIdentifier}-{InputHash()}");
        PublishFolder = Path.Combine(folder, "publish");
        var done = Path.Combine(folder, "published.log");
        if (!File.Exists(done))
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            Directory.CreateDirectory(folder);
            PublishLog = Publish(folder);
            File.WriteAllText(done, PublishLog);
        }
        else
        {
            PublishLog = File.ReadAllText(done);
        }
    }

    /// <summary>The publish folder: the native <c>nexo</c> and, beside it, <c>nexo-jsonrpc</c>.</summary>
    public string PublishFolder { get; }

    /// <summary>The native executable.</summary>
    public string Executable => Path.Combine(PublishFolder, OperatingSystem.IsWindows() ? "nexo.exe" : "nexo");

    /// <summary>What the publish printed.</summary>
    public string PublishLog { get; }

    private static string Publish(string folder)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot,
        };
        foreach (var arg in new[]
        {
            "publish", Path.Combine(RepositoryRoot, "src", "Nexo.Cli"), "-r", RuntimeInformation.RuntimeIdentifier, "-c", "Release",
            "--artifacts-path", Path.Combine(folder, "artifacts"), "-o", Path.Combine(folder, "publish"), "-nologo",
        })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start dotnet publish.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        var log = stdout.Result + stderr.Result;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish of the native nexo failed ({process.ExitCode}):\n{log}");
        }

        return log;
    }

    /// <summary>A hash of what the native binary is built from: the sources, project files and build settings.</summary>
    private static string InputHash()
    {
        var files = Directory.EnumerateFiles(Path.Combine(RepositoryRoot, "src"), "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Concat(new[] { "Directory.Build.props", "Directory.Packages.props", "global.json" }.Select(f => Path.Combine(RepositoryRoot, f)).Where(File.Exists))
            .Select(f => Path.GetRelativePath(RepositoryRoot, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(file + "\n"));
            sha.AppendData(File.ReadAllBytes(Path.Combine(RepositoryRoot, file)));
        }

        return Convert.ToHexString(sha.GetHashAndReset())[..16].ToLowerInvariant();
    }
}
