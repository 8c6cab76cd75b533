using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace Nexo.JsonRpcServer.Tests.Acp;

/// <summary>
/// The editor side of an <see cref="AcpTestClient"/>: answers <c>fs/read_text_file</c> and <c>fs/write_text_file</c> on
/// the real disk (with unsaved buffers that reads see first), runs <c>terminal/create</c> commands as real child
/// processes, and answers permission requests with <see cref="Permission"/>. Plug it in with <see cref="Attach"/>.
/// </summary>
public sealed class AcpFakeEditor : IDisposable
{
    private readonly ConcurrentDictionary<string, Term> _terminals = new(StringComparer.Ordinal);
    private int _nextTerminal;

    public bool ReadTextFile { get; init; } = true;

    public bool WriteTextFile { get; init; } = true;

    public bool Terminal { get; init; } = true;

    /// <summary>Unsaved editor buffers by absolute path: <c>fs/read_text_file</c> returns them instead of the disk.</summary>
    public ConcurrentDictionary<string, string> Buffers { get; } = new(StringComparer.Ordinal);

    /// <summary>Every fs/terminal request, in order.</summary>
    public ConcurrentQueue<(string Method, JsonObject Params)> Requests { get; } = new();

    /// <summary>Chooses the option of a permission request (default <c>allow_once</c>).</summary>
    public Func<JsonObject, string> Permission { get; set; } = _ => "allow_once";

    /// <summary>The terminals created so far (id → whether it was released, killed, and its exit code).</summary>
    public IReadOnlyDictionary<string, (bool Released, bool Killed, int? ExitCode)> Terminals =>
        _terminals.ToDictionary(kv => kv.Key, kv => (kv.Value.Released, kv.Value.Killed, kv.Value.Process.HasExited ? kv.Value.Process.ExitCode : (int?)null));

    public JsonObject Capabilities() => new()
    {
        ["fs"] = new JsonObject { ["readTextFile"] = ReadTextFile, ["writeTextFile"] = WriteTextFile },
        ["terminal"] = Terminal,
    };

    public void Attach(AcpTestClient client) => client.OnRequest = HandleAsync;

    public List<string> Methods() => Requests.Select(r => r.Method).ToList();

    public async Task<JsonNode?> HandleAsync(string method, JsonObject p)
    {
        if (method == "session/request_permission")
        {
            return new JsonObject { ["outcome"] = new JsonObject { ["outcome"] = "selected", ["optionId"] = Permission(p) } };
        }

        Requests.Enqueue((method, (JsonObject)p.DeepClone()));
        switch (method)
        {
            case "fs/read_text_file":
            {
                var path = (string)p["path"]!;
                if (Buffers.TryGetValue(path, out var buffer))
                {
                    return new JsonObject { ["content"] = buffer };
                }

                if (!File.Exists(path))
                {
                    throw new AcpError(-32002, $"Resource not found: {path}", null);
                }

                return new JsonObject { ["content"] = await File.ReadAllTextAsync(path) };
            }

            case "fs/write_text_file":
            {
                var path = (string)p["path"]!;
                await File.WriteAllTextAsync(path, (string)p["content"]!);
                Buffers.TryRemove(path, out _);
                return new JsonObject();
            }

            case "terminal/create":
            {
                var start = new ProcessStartInfo((string)p["command"]!)
                {
                    WorkingDirectory = (string?)p["cwd"] ?? Environment.CurrentDirectory,
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                };
                foreach (var arg in p["args"]?.AsArray() ?? [])
                {
                    start.ArgumentList.Add((string)arg!);
                }

                foreach (var variable in p["env"]?.AsArray() ?? [])
                {
                    start.Environment[(string)variable!["name"]!] = (string?)variable["value"];
                }

                var term = new Term(Process.Start(start)!, (long?)p["outputByteLimit"]);
                var id = "term-" + Interlocked.Increment(ref _nextTerminal);
                _terminals[id] = term;
                term.Process.OutputDataReceived += (_, e) => term.Append(e.Data);
                term.Process.ErrorDataReceived += (_, e) => term.Append(e.Data);
                term.Process.BeginOutputReadLine();
                term.Process.BeginErrorReadLine();
                return new JsonObject { ["terminalId"] = id };
            }

            case "terminal/output":
            {
                var term = Find(p);
                var (output, truncated) = term.Output();
                var result = new JsonObject { ["output"] = output, ["truncated"] = truncated };
                if (term.Process.HasExited)
                {
                    result["exitStatus"] = term.ExitStatus();
                }

                return result;
            }

            case "terminal/wait_for_exit":
            {
                var term = Find(p);
                await term.Process.WaitForExitAsync();
                return term.ExitStatus();
            }

            case "terminal/kill":
            {
                var term = Find(p);
                term.Killed = true;
                KillQuietly(term.Process);
                return new JsonObject();
            }

            case "terminal/release":
            {
                var term = Find(p);
                term.Released = true;
                KillQuietly(term.Process);
                return new JsonObject();
            }

            default:
                throw new AcpError(-32601, $"Method not found: {method}", null);
        }
    }

    public void Dispose()
    {
        foreach (var term in _terminals.Values)
        {
            KillQuietly(term.Process);
            term.Process.Dispose();
        }
    }

    private Term Find(JsonObject p) =>
        _terminals.TryGetValue((string)p["terminalId"]!, out var term) && !term.Released ? term : throw new AcpError(-32002, "Unknown terminal", null);

    private static void KillQuietly(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    private sealed class Term(Process process, long? limit)
    {
        private readonly StringBuilder _output = new();
        private bool _truncated;

        public Process Process { get; } = process;

        public bool Released { get; set; }

        public bool Killed { get; set; }

        public void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_output)
            {
                _output.Append(line).Append('\n');
                if (limit is { } max && _output.Length > max)
                {
                    _output.Remove(0, _output.Length - (int)max);
                    _truncated = true;
                }
            }
        }

        public (string Output, bool Truncated) Output()
        {
            // The exit is seen before the last lines are read: wait for the readers to drain.
            if (Process.HasExited)
            {
                Process.WaitForExit();
            }

            lock (_output)
            {
                return (_output.ToString(), _truncated);
            }
        }

        public JsonObject ExitStatus() => Killed
            ? new JsonObject { ["exitCode"] = null, ["signal"] = "SIGKILL" }
            : new JsonObject { ["exitCode"] = Process.ExitCode, ["signal"] = null };
    }
}
