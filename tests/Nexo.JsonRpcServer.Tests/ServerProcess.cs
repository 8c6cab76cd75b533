using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Nexo.JsonRpcServer.Tests;

/// <summary>
/// The real <c>nexo-jsonrpc</c> process, spoken to over its stdin/stdout pipes with a small hand-written client
/// (so tests see exactly the bytes a client sees). Responses are matched by id; notifications are queued in order.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly Stream _stdin;
    private readonly Stream _stdout;
    private readonly bool _newline;
    private readonly bool _onTestStore;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly Channel<JsonObject> _notifications = Channel.CreateUnbounded<JsonObject>();
    private readonly Channel<JsonObject> _nullIdResponses = Channel.CreateUnbounded<JsonObject>();
    private readonly StringBuilder _stderr = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Task _reader;
    private long _nextId;

    private ServerProcess(Process process, string directory, bool newline, bool onTestStore)
    {
        _process = process;
        Directory = directory;
        _newline = newline;
        _onTestStore = onTestStore;
        _stdin = process.StandardInput.BaseStream;
        _stdout = process.StandardOutput.BaseStream;
        process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        _reader = Task.Run(ReadLoopAsync);
    }

    /// <summary>The temporary folder holding the database (on PostgreSQL: the data folder, <c>NEXO_HOME</c>).</summary>
    public string Directory { get; }

    /// <summary>The database file, or on PostgreSQL (<see cref="TestStore"/>) the <c>postgresql://host:port/database</c> the host reports.</summary>
    public string DatabasePath => TestStore.DatabasePath(Directory);

    /// <summary>The process id.</summary>
    public int Pid => _process.Id;

    /// <summary>What the server wrote to stderr so far.</summary>
    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Every frame received, in arrival order (responses and notifications interleaved as on the wire).</summary>
    public ConcurrentQueue<JsonObject> Received { get; } = new();

    /// <summary>Lines on stdout that were not part of a frame (there must be none).</summary>
    public ConcurrentBag<string> StrayOutput { get; } = [];

    /// <summary>The path of the server assembly next to the tests.</summary>
    public static string ServerDll => Path.Combine(AppContext.BaseDirectory, "nexo-jsonrpc.dll");

    /// <summary>
    /// Starts a server on a fresh temporary database (the store <see cref="TestStore"/> chooses: <c>nexo.db</c> in
    /// <paramref name="directory"/>, or that folder's PostgreSQL database), unless <paramref name="extraArgs"/> name a <c>--db</c>.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(bool newline = false, string? directory = null, IDictionary<string, string>? environment = null, params string[] extraArgs)
    {
        directory ??= System.IO.Directory.CreateTempSubdirectory("nexo-rpc-test-").FullName;
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(ServerDll);
        var onTestStore = !extraArgs.Contains("--db");
        if (onTestStore)
        {
            info.ArgumentList.Add("--db");
            info.ArgumentList.Add(await TestStore.DbArgumentAsync(directory));
        }

        info.ArgumentList.Add("--log-level");
        info.ArgumentList.Add("Debug");
        if (newline)
        {
            info.ArgumentList.Add("--framing");
            info.ArgumentList.Add("newline");
        }

        foreach (var arg in extraArgs)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Remove("NEXO_DB");
        info.Environment.Remove("NEXO_ENCRYPTION_KEY");
        foreach (var (key, value) in onTestStore ? TestStore.HostEnvironment(directory) : new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        return new ServerProcess(process, directory, newline, onTestStore);
    }

    /// <summary>Starts a server and runs initialize + initialized.</summary>
    public static async Task<ServerProcess> StartInitializedAsync(bool newline = false)
    {
        var server = await StartAsync(newline);
        await server.InitializeAsync();
        return server;
    }

    /// <summary>Sends initialize (must succeed) with <paramref name="capabilities"/> (none when <see langword="null"/>), and initialized.</summary>
    public async Task<JsonObject> InitializeAsync(object? capabilities = null)
    {
        var result = await CallAsync("initialize", new { clientInfo = new { name = "xunit", version = "1" }, capabilities = capabilities ?? new { } });
        await NotifyAsync("initialized", new { });
        return result.AsObject();
    }

    /// <summary>Sends a request and returns the whole response object (result or error).</summary>
    public async Task<JsonObject> RequestAsync(string method, object? parameters = null, string? id = null)
    {
        id ??= "r" + Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method };
        if (parameters is not null)
        {
            message["params"] = JsonSerializer.SerializeToNode(parameters);
        }

        var response = Expect(id);
        await WriteMessageAsync(message.ToJsonString());
        return await response;
    }

    /// <summary>Registers interest in the response with this id (for raw frames); <c>"null"</c> takes the next id-null error.</summary>
    public Task<JsonObject> Expect(string id)
    {
        if (id == "null")
        {
            return _nullIdResponses.Reader.ReadAsync().AsTask().WaitAsync(Patience);
        }

        var tcs = _pending.GetOrAdd(id, _ => new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously));
        return tcs.Task.WaitAsync(Patience);
    }

    /// <summary>Sends a request and returns its result; fails the test on an error response.</summary>
    public async Task<JsonNode> CallAsync(string method, object? parameters = null)
    {
        var response = await RequestAsync(method, parameters);
        Assert.True(response["error"] is null, $"{method} failed: {response["error"]?.ToJsonString()}");
        return response["result"]!;
    }

    /// <summary>Sends a request and returns its error object; fails the test on success.</summary>
    public async Task<JsonObject> CallErrorAsync(string method, object? parameters = null)
    {
        var response = await RequestAsync(method, parameters);
        Assert.True(response["error"] is not null, $"{method} should fail but returned {response["result"]?.ToJsonString()}");
        return response["error"]!.AsObject();
    }

    /// <summary>Sends a notification.</summary>
    public Task NotifyAsync(string method, object? parameters = null)
    {
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method };
        if (parameters is not null)
        {
            message["params"] = JsonSerializer.SerializeToNode(parameters);
        }

        return WriteMessageAsync(message.ToJsonString());
    }

    /// <summary>Frames and writes one message body.</summary>
    public Task WriteMessageAsync(string json) => WriteMessageAsync(Encoding.UTF8.GetBytes(json));

    /// <summary>Frames and writes one message body.</summary>
    public async Task WriteMessageAsync(byte[] body)
    {
        byte[] before = _newline ? [] : Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
        byte[] after = _newline ? [(byte)'\n'] : [];
        await _writeLock.WaitAsync();
        try
        {
            await _stdin.WriteAsync(before);
            await _stdin.WriteAsync(body);
            await _stdin.WriteAsync(after);
            await _stdin.FlushAsync();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Writes bytes as they are, without framing.</summary>
    public async Task WriteRawAsync(ReadOnlyMemory<byte> bytes)
    {
        await _writeLock.WaitAsync();
        try
        {
            await _stdin.WriteAsync(bytes);
            await _stdin.FlushAsync();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Reads the next notification.</summary>
    public async Task<JsonObject> NextNotificationAsync() => await _notifications.Reader.ReadAsync().AsTask().WaitAsync(Patience);

    /// <summary>Reads notifications until one named <paramref name="method"/> arrives; returns all read, in order.</summary>
    public async Task<List<JsonObject>> NotificationsUntilAsync(string method, Func<JsonObject, bool>? match = null)
    {
        var seen = new List<JsonObject>();
        while (true)
        {
            var n = await NextNotificationAsync();
            seen.Add(n);
            if ((string?)n["method"] == method && (match is null || match(n)))
            {
                return seen;
            }
        }
    }

    /// <summary>The notifications received so far and not yet read.</summary>
    public List<JsonObject> DrainNotifications()
    {
        var list = new List<JsonObject>();
        while (_notifications.Reader.TryRead(out var n))
        {
            list.Add(n);
        }

        return list;
    }

    /// <summary>Closes the server's stdin (end of input).</summary>
    public void CloseInput()
    {
        // After any write already started (a request sent just before may still be on its way to the pipe).
        _writeLock.Wait();
        try
        {
            _stdin.Close();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Kills the process at once (SIGKILL on Unix): no shutdown code of the server runs.</summary>
    public void Kill() => _process.Kill();

    /// <summary>Waits for the process to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync().WaitAsync(Patience);
        return _process.ExitCode;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                _stdin.Close();
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception ex) when (ex is TimeoutException or IOException or InvalidOperationException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        await _reader.ConfigureAwait(false);
        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }

        if (_onTestStore)
        {
            await TestStore.ReleaseAsync(Directory);
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (await ReadFrameAsync() is { } body)
            {
                var node = JsonNode.Parse(body)!.AsObject();
                Received.Enqueue(node);
                if (node["method"] is not null)
                {
                    await _notifications.Writer.WriteAsync(node);
                }
                else
                {
                    if (node["id"] is not JsonValue v)
                    {
                        await _nullIdResponses.Writer.WriteAsync(node);
                        continue;
                    }

                    var id = v.ToJsonString().Trim('"');
                    _pending.GetOrAdd(id, _ => new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(node);
                }
            }
        }
        catch (IOException)
        {
        }
        finally
        {
            _notifications.Writer.TryComplete();
        }
    }

    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    private async Task<byte[]?> ReadFrameAsync()
    {
        if (_newline)
        {
            var line = await ReadLineAsync();
            return line is null ? null : Encoding.UTF8.GetBytes(line);
        }

        var length = -1;
        while (await ReadLineAsync() is { } header)
        {
            if (header.Length == 0)
            {
                break;
            }

            if (header.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                length = int.Parse(header["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture);
            }
            else if (!header.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase))
            {
                StrayOutput.Add(header);
            }
        }

        if (length < 0)
        {
            return null;
        }

        var bodyBytes = new byte[length];
        var filled = 0;
        while (filled < length)
        {
            if (_start == _end && !await FillAsync())
            {
                return null;
            }

            var take = Math.Min(_end - _start, length - filled);
            Buffer.BlockCopy(_buffer, _start, bodyBytes, filled, take);
            _start += take;
            filled += take;
        }

        return bodyBytes;
    }

    private async Task<string?> ReadLineAsync()
    {
        var line = new List<byte>();
        while (true)
        {
            if (_start == _end && !await FillAsync())
            {
                return null;
            }

            var b = _buffer[_start++];
            if (b == '\n')
            {
                return Encoding.UTF8.GetString(line.ToArray()).TrimEnd('\r');
            }

            line.Add(b);
        }
    }

    private async Task<bool> FillAsync()
    {
        _start = 0;
        _end = await _stdout.ReadAsync(_buffer);
        return _end > 0;
    }
}
