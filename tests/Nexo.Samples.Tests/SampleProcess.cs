using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Nexo.Samples.Tests;

/// <summary>
/// A sample started as <c>dotnet DLL ARGS</c> with stdout and stderr captured. The environment is the test's minus
/// provider keys, so every sample runs on the offline echo provider.
/// </summary>
public sealed class SampleProcess : IAsyncDisposable
{
    private const string ListeningOn = "Now listening on: ";
    private static readonly string[] s_providerKeys = ["OPENAI_API_KEY", "ANTHROPIC_API_KEY"];

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waiters = [];

    private SampleProcess(Process process) => _process = process;

    /// <summary>Everything written to stdout so far.</summary>
    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    /// <summary>Everything written to stderr so far (the sample's log).</summary>
    public string Stderr => string.Join("\n", _stderr);

    /// <summary>Starts a sample.</summary>
    public static SampleProcess Start(string dll, IEnumerable<string> args, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        Assert.True(File.Exists(dll), $"The sample is not built: {dll}");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(dll)!,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var key in s_providerKeys)
        {
            info.Environment.Remove(key);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        var sample = new SampleProcess(process);
        process.OutputDataReceived += (_, e) => sample.OnStdout(e.Data);
        process.ErrorDataReceived += (_, e) => sample.OnStderr(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return sample;
    }

    /// <summary>Runs a sample to its end and returns its exit code; output stays readable.</summary>
    public static async Task<(int ExitCode, SampleProcess Process)> RunAsync(string dll, params string[] args)
    {
        var sample = Start(dll, args);
        var exitCode = await sample.WaitForExitAsync();
        return (exitCode, sample);
    }

    /// <summary>Waits for the process to exit and for its output to be read; fails the test after a generous limit.</summary>
    public async Task<int> WaitForExitAsync()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await _process.WaitForExitAsync(limit.Token);
            await Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task).WaitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The sample did not exit.\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
        }

        return _process.ExitCode;
    }

    /// <summary>Waits for a stderr line that matches, returning it; fails if the process exits first.</summary>
    public async Task<string> WaitForStderrLineAsync(Func<string, bool> match)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            var seen = _stderr.FirstOrDefault(match);
            if (seen is not null)
            {
                return seen;
            }

            _waiters.Add((match, found));
        }

        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var exited = _process.WaitForExitAsync(limit.Token);
        var first = await Task.WhenAny(found.Task, exited);
        if (first != found.Task)
        {
            Assert.Fail($"The sample {(_process.HasExited ? $"exited ({_process.ExitCode})" : "never logged the line")}.\nstderr:\n{Stderr}");
        }

        return await found.Task;
    }

    /// <summary>Waits for an ASP.NET Core sample's "Now listening on: URL" log line and returns the URL.</summary>
    public async Task<Uri> WaitForListeningAsync()
    {
        var line = await WaitForStderrLineAsync(l => l.Contains(ListeningOn, StringComparison.Ordinal));
        return new Uri(line[(line.IndexOf(ListeningOn, StringComparison.Ordinal) + ListeningOn.Length)..].Trim());
    }

    /// <summary>Kills the sample and everything it started (its MCP server).</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void OnStdout(string? line)
    {
        if (line is null)
        {
            _stdoutClosed.TrySetResult();
            return;
        }

        lock (_stdout)
        {
            _stdout.Append(line).Append('\n');
        }
    }

    private void OnStderr(string? line)
    {
        if (line is null)
        {
            _stderrClosed.TrySetResult();
            return;
        }

        lock (_waiters)
        {
            _stderr.Enqueue(line);
            foreach (var waiter in _waiters.Where(w => w.Match(line)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Found.TrySetResult(line);
            }
        }
    }
}
