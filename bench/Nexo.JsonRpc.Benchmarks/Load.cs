using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Nexo;
using Nexo.Testing;
using Npgsql;
using StreamJsonRpc;

/// <summary>
/// <c>--load</c>: several nexo-jsonrpc hosts on one PostgreSQL database (<c>--db</c>, or a throwaway cluster), each
/// with many chats streaming at once against the fake OpenAI-compatible provider, driven by the soak's workers. Reports
/// turns per second and the time to first chunk, and afterwards counts lost messages in the database itself: every
/// turn the driver saw complete must be stored with the very text it streamed, and no user message may be left without
/// a complete answer.
/// </summary>
internal static partial class Soak
{
    public static async Task<int> LoadAsync(string hostDll, IReadOnlyDictionary<string, string> environment, double seconds, int hostCount, int chatsPerHost, string? db)
    {
        var duration = TimeSpan.FromSeconds(seconds);
        var warmUp = TimeSpan.FromSeconds(Math.Clamp(seconds / 6, 3, 15));
        Console.WriteLine(Invariant($"load: {hostCount} nexo-jsonrpc hosts on one PostgreSQL database, {chatsPerHost} chats streaming at once on each ({hostCount * chatsPerHost} in all), {duration.TotalSeconds:F0} s measured after {warmUp.TotalSeconds:F0} s of warm-up; fake OpenAI-compatible provider on 127.0.0.1, answers of {ChunksPerAnswer} chunks {ChunkDelay.TotalMilliseconds:F0} ms apart; a new chat every {TurnsPerChat} turns"));
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; host: {hostDll}; load average at the start: {LoadAverage()}");

        using var cluster = db is null ? PostgresCluster.Start() : null;
        string connectionString;
        if (cluster is not null)
        {
            // Each host keeps at most 40 pooled connections (4 hosts × 40 + listeners, under the cluster's 400).
            connectionString = new NpgsqlConnectionStringBuilder(await cluster.CreateDatabaseAsync()) { MaxPoolSize = 40 }.ConnectionString;
        }
        else
        {
            connectionString = NexoStoreLocation.Parse(db!).ConnectionString
                ?? throw new ArgumentException("--db must be a PostgreSQL connection string or postgres:// URI for --load.");
        }

        await using (var probe = new NpgsqlConnection(connectionString))
        {
            await probe.OpenAsync();
            await using var version = new NpgsqlCommand("SELECT current_setting('server_version'), current_setting('max_connections'), current_setting('synchronous_commit')", probe);
            await using var r = await version.ExecuteReaderAsync();
            await r.ReadAsync();
            Console.WriteLine($"database: PostgreSQL {r.GetString(0)} ({(cluster is null ? "--db" : "throwaway cluster")}; max_connections {r.GetString(1)}, synchronous_commit {r.GetString(2)})");
        }

        Console.WriteLine();
        await using var provider = await FakeOpenAIServer.StartAsync();
        provider.Models.Add("soak-model");
        provider.Responder = request => FakeResponse.Text(AnswerChunks(LastUserText(request))).WithChunkDelay(ChunkDelay);
        var folder = Directory.CreateTempSubdirectory("nexo-rpc-load-").FullName;
        var hostEnvironment = new Dictionary<string, string>(environment)
        {
            ["NEXO_ENCRYPTION_KEY"] = Convert.ToBase64String(new byte[32]),
            ["NEXO_HOME"] = folder,
        };
        var hosts = new List<(Child Child, Listener Listener)>();
        try
        {
            for (var h = 0; h < hostCount; h++)
            {
                var listener = new Listener();
                hosts.Add((Child.Start("dotnet", [hostDll, "--db", connectionString, "--log-level", "Warning"], hostEnvironment, listener), listener));
                await hosts[h].Child.Rpc.InvokeWithParameterObjectAsync<JsonElement>("initialize", new { clientInfo = new { name = $"load-{h}" } });
                await hosts[h].Child.Rpc.NotifyWithParameterObjectAsync("initialized", new { });
            }

            // One provider connection and one workspace, made through the first host; every host reads them from the database.
            var first = hosts[0].Child.Rpc;
            var connection = await first.InvokeWithParameterObjectAsync<JsonElement>("create_llm_connection", new
            {
                name = "fake",
                provider = "openai-compatible",
                baseUrl = provider.BaseUrl,
                apiKey = "sk-load",
                models = new[] { new { id = "soak-model" } },
                defaultModel = "soak-model",
            });
            var workspace = await first.InvokeWithParameterObjectAsync<JsonElement>("create_workspace", new { name = "load" });
            var workspaceId = workspace.GetProperty("id").GetString()!;
            await first.InvokeWithParameterObjectAsync<JsonElement>("save_workspace_settings", new { workspaceId, llmConnectionId = connection.GetProperty("id").GetString(), streamEnabled = true });

            var completed = new ConcurrentBag<CompletedTurn>();
            var warmStats = new Stats();
            using (var warm = new CancellationTokenSource(warmUp))
            {
                await Task.WhenAll(Workers(warmStats, completed, 1_000_000, warm.Token));
            }

            var stats = new Stats();
            var machineBefore = MachineCpuSeconds();
            var postmaster = cluster is null ? null : File.ReadLines(Path.Combine(cluster.SocketFolder, "data", "postmaster.pid")).First();
            var postgresBefore = PostgresCpuSeconds(postmaster);
            var hostsBefore = hosts.Sum(h => h.Child.CpuTime.TotalSeconds);
            var driverBefore = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
            var clock = Stopwatch.StartNew();
            using (var stop = new CancellationTokenSource(duration))
            {
                await Task.WhenAll(Workers(stats, completed, 0, stop.Token));
            }

            var elapsed = clock.Elapsed;
            var hostsCpu = hosts.Sum(h => h.Child.CpuTime.TotalSeconds) - hostsBefore;
            var driverCpu = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - driverBefore;
            var machineCpu = MachineCpuSeconds() - machineBefore;
            var postgresCpu = PostgresCpuSeconds(postmaster) - postgresBefore;
            Console.WriteLine($"load average at the end: {LoadAverage()}");
            Console.WriteLine(Invariant($"CPU during the measured run ({Environment.ProcessorCount} cores × {elapsed.TotalSeconds:F0} s = {Environment.ProcessorCount * elapsed.TotalSeconds:F0} s): all processes {machineCpu:F0} s; the {hostCount} hosts {hostsCpu:F0} s ({hostsCpu * 1000 / Math.Max(1, stats.Turns):F1} ms per turn), this driver and the fake provider {driverCpu:F0} s, {(postmaster is null ? string.Empty : Invariant($"PostgreSQL {postgresCpu:F0} s ({postgresCpu * 1000 / Math.Max(1, stats.Turns):F1} ms per turn), "))}everything else (other work on the machine{(postmaster is null ? ", PostgreSQL" : string.Empty)}) {machineCpu - hostsCpu - driverCpu - postgresCpu:F0} s"));
            Report(stats, [], elapsed, warmUp, printSamples: false);
            Console.WriteLine(Invariant($"warm-up (not counted above): {warmStats.Turns} turns, lost or mismatched: {warmStats.Lost}, failed: {warmStats.Failed}"));

            var audit = await AuditAsync(connectionString, completed);
            Console.WriteLine(Invariant($"database audit: {audit.Checked} turns the driver saw complete (warm-up included) looked up: {audit.Missing} missing, {audit.Mismatched} stored with another text or not complete; {audit.Unanswered} user messages without a complete answer; {audit.Unfinished} messages left pending/streaming; {audit.UserMessages} user and {audit.Answers} complete assistant messages stored"));
            var lost = stats.Lost + stats.Failed + warmStats.Lost + warmStats.Failed + audit.Missing + audit.Mismatched + audit.Unanswered + audit.Unfinished;
            Console.WriteLine(Invariant($"lost messages (counted): {lost}"));
            return lost == 0 ? 0 : 1;

            List<Task> Workers(Stats into, ConcurrentBag<CompletedTurn> seen, int workerOffset, CancellationToken token) =>
                [.. hosts.SelectMany((host, h) => Enumerable.Range(0, chatsPerHost).Select(w =>
                    WorkAsync(host.Child.Rpc, host.Listener, workspaceId, workerOffset + (h * chatsPerHost) + w, into, token, seen)))];
        }
        finally
        {
            foreach (var (child, _) in hosts)
            {
                await child.DisposeAsync();
            }

            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Reads the database behind the hosts' backs: each completed turn's stored answer, and any user message without one.</summary>
    private static async Task<Audit> AuditAsync(string connectionString, ConcurrentBag<CompletedTurn> completed)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        var stored = new Dictionary<string, (string Content, string Status)>(StringComparer.Ordinal);
        await using (var read = new NpgsqlCommand("SELECT id, content, status FROM messages WHERE id = ANY($1)", c))
        {
            read.Parameters.AddWithValue(completed.Select(t => t.AssistantMessageId).ToArray());
            await using var r = await read.ExecuteReaderAsync();
            while (await r.ReadAsync())
            {
                stored[r.GetString(0)] = (r.GetString(1), r.GetString(2));
            }
        }

        var missing = 0;
        var mismatched = 0;
        foreach (var turn in completed)
        {
            if (!stored.TryGetValue(turn.AssistantMessageId, out var m))
            {
                missing++;
                Console.Error.WriteLine($"MISSING in the database: {turn.AssistantMessageId} of chat {turn.ChatId}");
            }
            else if (m.Content != turn.StreamedText || m.Status != "complete")
            {
                mismatched++;
                Console.Error.WriteLine($"MISMATCH in the database: {turn.AssistantMessageId} of chat {turn.ChatId} is {m.Status} '{Shorten(m.Content)}', streamed '{Shorten(turn.StreamedText)}'");
            }
        }

        async Task<long> CountAsync(string sql)
        {
            await using var command = new NpgsqlCommand(sql, c);
            return (long)(await command.ExecuteScalarAsync())!;
        }

        var unanswered = await CountAsync(
            "SELECT count(*) FROM messages u WHERE u.role = 'user' AND NOT EXISTS (SELECT 1 FROM messages a WHERE a.parent_id = u.id AND a.role = 'assistant' AND a.status = 'complete')");
        var unfinished = await CountAsync("SELECT count(*) FROM messages WHERE status IN ('pending', 'streaming')");
        var users = await CountAsync("SELECT count(*) FROM messages WHERE role = 'user'");
        var answers = await CountAsync("SELECT count(*) FROM messages WHERE role = 'assistant' AND status = 'complete'");
        return new Audit(completed.Count, missing, mismatched, unanswered, unfinished, users, answers);
    }

    /// <summary>CPU time of the whole machine so far (user, nice, system, irq, softirq from /proc/stat), in seconds.</summary>
    private static double MachineCpuSeconds()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var ticks = new[] { 1, 2, 3, 6, 7 }.Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture));
        return ticks / 100.0;
    }

    /// <summary>
    /// CPU time of a PostgreSQL server so far: the postmaster, its children that have ended (cutime/cstime) and the live
    /// ones (a connection's backend is a child process); 0 without a postmaster to read (an external --db).
    /// </summary>
    private static double PostgresCpuSeconds(string? postmasterPid)
    {
        if (postmasterPid is null)
        {
            return 0;
        }

        static long[] Stat(string pid)
        {
            try
            {
                var text = File.ReadAllText($"/proc/{pid}/stat");
                return [.. text[(text.LastIndexOf(')') + 2)..].Split(' ').Select(f => long.TryParse(f, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0)];
            }
            catch (IOException)
            {
                return [];
            }
        }

        // After "pid (comm) ": [0] state, [1] ppid, … [11] utime, [12] stime, [13] cutime, [14] cstime.
        var main = Stat(postmasterPid);
        var ticks = main.Length > 14 ? main[11] + main[12] + main[13] + main[14] : 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var pid = Path.GetFileName(dir);
            if (pid.All(char.IsAsciiDigit) && Stat(pid) is { Length: > 12 } child && child[1].ToString(CultureInfo.InvariantCulture) == postmasterPid)
            {
                ticks += child[11] + child[12];
            }
        }

        return ticks / 100.0;
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private sealed record Audit(int Checked, int Missing, int Mismatched, long Unanswered, long Unfinished, long UserMessages, long Answers);
}
