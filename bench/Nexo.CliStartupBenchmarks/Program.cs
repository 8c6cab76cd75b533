using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using Nexo.Testing;

// Start-up of the nexo CLI, JIT (dotnet nexo.dll) against Native AOT (the README's dotnet publish -r RID), in one run:
// whole runs of `chats list` and `workspace list` beside a Native AOT hello world, and `nexo chat --new hi` to its
// first chunk on stdout against a local fake OpenAI-compatible provider beside that provider's own first byte.
var options = Options.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Nexo.CliStartupBenchmarks -- [--runs N] [--folder DIR] [--native DIR] [--jit DIR] [--write-docs]");
    return 2;
}

var root = typeof(Options).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
var rid = RuntimeInformation.RuntimeIdentifier;
Directory.CreateDirectory(options.Folder);

// 1. Build what is measured (not timed).
var jitDir = options.Jit ?? Path.Combine(options.Folder, "jit");
if (options.Jit is null)
{
    Step("JIT nexo (dotnet build -c Release)");
    Run("dotnet", root, "build", Path.Combine(root, "src", "Nexo.Cli"), "-c", "Release", "--artifacts-path", Path.Combine(options.Folder, "jit-artifacts"), "-o", jitDir, "-nologo");
}

var nativeDir = options.Native ?? Path.Combine(options.Folder, "native");
if (options.Native is null)
{
    Step($"native nexo (dotnet publish src/Nexo.Cli -r {rid} -c Release)");
    Run("dotnet", root, "publish", Path.Combine(root, "src", "Nexo.Cli"), "-r", rid, "-c", "Release", "--artifacts-path", Path.Combine(options.Folder, "native-artifacts"), "-o", nativeDir, "-nologo");
}

var helloDir = Path.Combine(options.Folder, "hello");
Step("Native AOT hello world");
Directory.CreateDirectory(helloDir);
File.WriteAllText(Path.Combine(helloDir, "Hello.csproj"), """
    <Project Sdk="Microsoft.NET.Sdk">
      <PropertyGroup>
        <OutputType>Exe</OutputType>
        <TargetFramework>net10.0</TargetFramework>
        <PublishAot>true</PublishAot>
        <InvariantGlobalization>true</InvariantGlobalization>
      </PropertyGroup>
    </Project>
    """);
File.WriteAllText(Path.Combine(helloDir, "Program.cs"), "System.Console.WriteLine(\"hello\");\n");
if (!File.Exists(Path.Combine(helloDir, "out", "Hello")))
{
    Run("dotnet", helloDir, "publish", "-r", rid, "-c", "Release", "-o", Path.Combine(helloDir, "out"), "-nologo");
}

// 2. A home with a connection to the fake provider and a few chats (not timed).
await using var provider = await FakeOpenAIServer.StartAsync();
provider.DefaultResponse = FakeResponse.Text("OK");
var home = Path.Combine(options.Folder, "home-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
Directory.CreateDirectory(home);
var jit = new Cli("JIT (dotnet nexo.dll)", "dotnet", [Path.Combine(jitDir, "nexo.dll")], home);
var native = new Cli("Native AOT (nexo)", Path.Combine(nativeDir, OperatingSystem.IsWindows() ? "nexo.exe" : "nexo"), [], home);
var hello = new Cli("Native AOT hello world", Path.Combine(helloDir, "out", OperatingSystem.IsWindows() ? "Hello.exe" : "Hello"), [], home);
Step("seeding the database");
jit.Check("connection", "add", "fake", "--provider", "openai-compatible", "--base-url", provider.BaseUrl, "--default-model", "gpt-4o");
for (var i = 0; i < 5; i++)
{
    jit.Check("chat", "--new", $"seed chat {i}");
}

// 3. Measure, alternating the programs so that machine noise hits all alike.
Step($"measuring ({options.Runs} runs each, alternating)");
var samples = new Dictionary<string, List<double>>(StringComparer.Ordinal);
void Add(string key, double ms) => (samples.TryGetValue(key, out var list) ? list : samples[key] = []).Add(ms);
foreach (var cli in new[] { hello, jit, native })
{
    cli.Time("chats", "list"); // warm the file cache once
}

for (var run = 0; run < options.Runs; run++)
{
    Add("hello", hello.Time());
    foreach (var cli in new[] { jit, native })
    {
        Add($"{cli.Name}|chats list", cli.Time("chats", "list"));
        Add($"{cli.Name}|workspace list", cli.Time("workspace", "list"));
        var (first, exit) = await cli.FirstByteAsync("chat", "--new", "hi");
        Add($"{cli.Name}|chat first chunk", first);
        Add($"{cli.Name}|chat exit", exit);
    }

    Add("provider first byte", await ProviderFirstByteAsync(provider));
}

// 4. Report: the table on stdout and, with --write-docs, the same table in docs/cli.md (between its markers).
var table = new List<string>
{
    $"Each time is the median of {options.Runs} runs (best in brackets); {Environment.ProcessorCount} cores, load average {LoadAverage()}, {DateTime.UtcNow:yyyy-MM-dd}.",
    string.Empty,
    "| Command | JIT (`dotnet nexo.dll`) | Native AOT (`nexo`) | AOT goal (issue 17) |",
    "|---|---:|---:|---|",
};
var helloMs = Median(samples["hello"]);
var providerMs = Median(samples["provider first byte"]);
foreach (var command in new[] { "chats list", "workspace list" })
{
    var n = Median(samples[$"{native.Name}|{command}"]);
    table.Add($"| `nexo {command}` | {Cell(samples[$"{jit.Name}|{command}"])} | {Cell(samples[$"{native.Name}|{command}"])} | ≤ 2× hello world: **{n / helloMs:0.0}×** |");
}

var firstChunk = Median(samples[$"{native.Name}|chat first chunk"]);
table.Add($"| `nexo chat --new hi`: first chunk on stdout | {Cell(samples[$"{jit.Name}|chat first chunk"])} | {Cell(samples[$"{native.Name}|chat first chunk"])} | ≤ provider + 30 ms: **+{firstChunk - providerMs:0.0} ms** |");
table.Add($"| `nexo chat --new hi`: exit | {Cell(samples[$"{jit.Name}|chat exit"])} | {Cell(samples[$"{native.Name}|chat exit"])} | |");
table.Add($"| Native AOT hello world | | {Cell(samples["hello"])} | |");
table.Add($"| the fake provider's own first byte (new connection, in-process) | | {Cell(samples["provider first byte"])} | |");
Console.WriteLine();
foreach (var line in table)
{
    Console.WriteLine(line);
}

if (options.WriteDocs)
{
    var docs = Path.Combine(root, "docs", "cli.md");
    var text = File.ReadAllText(docs);
    const string Start = "<!-- NEXO-STARTUP-TABLE -->", End = "<!-- /NEXO-STARTUP-TABLE -->";
    var from = text.IndexOf(Start, StringComparison.Ordinal);
    var to = text.IndexOf(End, StringComparison.Ordinal);
    if (from < 0 || to < from)
    {
        Console.Error.WriteLine($"{docs} has no {Start} … {End} block; nothing written.");
        return 1;
    }

    File.WriteAllText(docs, text[..(from + Start.Length)] + "\n" + string.Join("\n", table) + "\n" + text[to..]);
    Step($"table written to {docs}");
}

return 0;

static string Cell(List<double> values) => $"{Median(values):0.0} ms ({values.Min():0.0})";

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

static void Step(string text) => Console.Error.WriteLine($"[bench] {text}");

static void Run(string file, string workingDirectory, params string[] arguments)
{
    var info = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var a in arguments)
    {
        info.ArgumentList.Add(a);
    }

    using var p = Process.Start(info)!;
    var output = p.StandardOutput.ReadToEndAsync();
    var error = p.StandardError.ReadToEndAsync();
    p.WaitForExit();
    if (p.ExitCode != 0)
    {
        throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed:\n{output.Result}{error.Result}");
    }
}

// The time to the first byte of a streamed answer on a new connection, measured here: the floor for `nexo chat`.
static async Task<double> ProviderFirstByteAsync(FakeOpenAIServer provider)
{
    using var http = new HttpClient();
    var watch = Stopwatch.StartNew();
    using var request = new HttpRequestMessage(HttpMethod.Post, provider.BaseUrl + "/chat/completions")
    {
        Content = new StringContent("""{"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
    };
    using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    await using var body = await response.Content.ReadAsStreamAsync();
    var buffer = new byte[1];
    _ = await body.ReadAsync(buffer);
    return watch.Elapsed.TotalMilliseconds;
}

/// <summary>One program to time, with the bench's home.</summary>
internal sealed record Cli(string Name, string File, string[] Prefix, string Home)
{
    public double Time(params string[] args)
    {
        using var p = Start(args);
        var watch = Stopwatch.StartNew();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        var ms = watch.Elapsed.TotalMilliseconds;
        return p.ExitCode == 0 ? ms : throw new InvalidOperationException($"{Name} {string.Join(' ', args)} exited with {p.ExitCode}: {p.StandardError.ReadToEnd()}");
    }

    public void Check(params string[] args) => Time(args);

    /// <summary>Milliseconds from start to the first byte on stdout, and to the exit.</summary>
    public async Task<(double First, double Exit)> FirstByteAsync(params string[] args)
    {
        var watch = Stopwatch.StartNew();
        using var p = Start(args);
        var buffer = new byte[1];
        _ = await p.StandardOutput.BaseStream.ReadAsync(buffer);
        var first = watch.Elapsed.TotalMilliseconds;
        await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        return p.ExitCode == 0 ? (first, watch.Elapsed.TotalMilliseconds) : throw new InvalidOperationException($"{Name} {string.Join(' ', args)} exited with {p.ExitCode}: {await p.StandardError.ReadToEndAsync()}");
    }

    private Process Start(string[] args)
    {
        var info = new ProcessStartInfo(File) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in Prefix.Concat(args))
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["NEXO_HOME"] = Home;
        info.Environment["NO_COLOR"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        var p = Process.Start(info)!;
        p.StandardInput.Close();
        return p;
    }
}

/// <summary>The command line.</summary>
internal sealed record Options(int Runs, string Folder, string? Native, string? Jit, bool WriteDocs)
{
    public static Options? Parse(string[] args)
    {
        var runs = 20;
        var folder = Path.Combine(Path.GetTempPath(), "nexo-bench-startup");
        string? native = null, jit = null;
        var writeDocs = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--runs" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out runs):
                    i++;
                    break;
                case "--folder" when i + 1 < args.Length:
                    folder = args[++i];
                    break;
                case "--native" when i + 1 < args.Length:
                    native = args[++i];
                    break;
                case "--jit" when i + 1 < args.Length:
                    jit = args[++i];
                    break;
                case "--write-docs":
                    writeDocs = true;
                    break;
                default:
                    return null;
            }
        }

        return new Options(runs, folder, native, jit, writeDocs);
    }
}
