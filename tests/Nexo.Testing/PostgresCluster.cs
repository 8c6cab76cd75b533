using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Nexo.Testing;

/// <summary>
/// A real, throwaway PostgreSQL cluster for tests: <c>initdb</c> in a temporary folder, started with <c>pg_ctl start -w</c>
/// on a free loopback port (and a Unix socket in the same folder), stopped with <c>pg_ctl stop -m immediate</c> and
/// deleted when disposed. No Docker, no mocks. <see cref="Shared"/> is the one cluster of a test run; each test takes a
/// fresh database of its own from <see cref="CreateDatabaseAsync"/>.
/// </summary>
/// <remarks>
/// <c>initdb</c> refuses to run as root, so under root the cluster runs as the <c>postgres</c> user
/// (<c>runuser -u postgres --</c>) and the folder is handed to it. Durability is switched off (<c>fsync</c>,
/// <c>synchronous_commit</c>, <c>full_page_writes</c>): a test cluster never outlives a crash.
/// </remarks>
public sealed class PostgresCluster : IDisposable
{
    /// <summary>The superuser the cluster is made with (trust authentication on loopback and the socket only).</summary>
    public const string User = "nexo";

    private static readonly Lazy<PostgresCluster> s_shared = new(() =>
    {
        var cluster = Start();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Dispose();
        return cluster;
    });

    private const string FolderPrefix = "nexo-pg-";

    private readonly string _folder;
    private readonly string? _runAs;
    private int _databases;
    private int _disposed;

    private PostgresCluster(string folder, int port, string? runAs)
    {
        _folder = folder;
        Port = port;
        _runAs = runAs;
    }

    /// <summary>The cluster of this test run, started on first use and stopped when the process exits.</summary>
    public static PostgresCluster Shared => s_shared.Value;

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>The folder holding the Unix socket (<c>.s.PGSQL.PORT</c>); usable as Npgsql's <c>Host</c>.</summary>
    public string SocketFolder => _folder;

    /// <summary>Whether <c>initdb</c> and <c>pg_ctl</c> are on PATH (tests need a real PostgreSQL 15 or newer).</summary>
    public static bool IsAvailable => FindOnPath("initdb") is not null && FindOnPath("pg_ctl") is not null;

    /// <summary>A connection string to the <c>postgres</c> maintenance database over TCP.</summary>
    public string AdminConnectionString => ConnectionString("postgres");

    /// <summary>Starts a new cluster (prefer <see cref="Shared"/>: one cluster per test run).</summary>
    public static PostgresCluster Start()
    {
        if (!IsAvailable)
        {
            throw new InvalidOperationException("initdb and pg_ctl (PostgreSQL 15 or newer) must be on PATH; install the Debian 'postgresql' package.");
        }

        SweepLeftovers();
        var folder = Path.Combine(Path.GetTempPath(), FolderPrefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        var runAs = IsRoot() ? "postgres" : null;
        if (runAs is not null)
        {
            Run("chown", null, "-R", "postgres:postgres", folder);
        }

        var data = Path.Combine(folder, "data");
        try
        {
            Run("initdb", runAs, "-D", data, "-U", User, "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync");
            var port = FreePort();
            var settings = string.Join(
                ' ',
                $"-p {port.ToString(CultureInfo.InvariantCulture)}",
                "-c listen_addresses=127.0.0.1",
                $"-c unix_socket_directories={folder}",
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                "-c max_connections=400 -c shared_buffers=64MB");
            Run("pg_ctl", runAs, "start", "-w", "-t", "60", "-D", data, "-l", Path.Combine(folder, "server.log"), "-o", settings);
            return new PostgresCluster(folder, port, runAs);
        }
        catch
        {
            TryDelete(folder);
            throw;
        }
    }

    /// <summary>A connection string to a database of this cluster (TCP on loopback).</summary>
    /// <param name="database">The database name.</param>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = User,
        Database = database,
        MaxPoolSize = 20,
        ConnectionIdleLifetime = 10,
    }.ConnectionString;

    /// <summary>Creates a new, empty database with a unique name and returns a connection string to it.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var name = NewDatabaseName();
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return ConnectionString(name);
    }

    /// <summary>
    /// Creates a new database with a unique name as a copy of <paramref name="templateConnectionString"/>'s database
    /// (<c>CREATE DATABASE … TEMPLATE</c>: cheaper than creating a schema again) and returns a connection string to it.
    /// The template must have no open connections: this clears the test process's pool for it first.
    /// </summary>
    /// <param name="templateConnectionString">A connection string <see cref="CreateDatabaseAsync"/> returned.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<string> CreateDatabaseFromTemplateAsync(string templateConnectionString, CancellationToken cancellationToken = default)
    {
        var template = new NpgsqlConnectionStringBuilder(templateConnectionString).Database!;
        using (var pooled = new NpgsqlConnection(templateConnectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        var name = NewDatabaseName();
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"", connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return ConnectionString(name);
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing its pooled connections first.</summary>
    /// <param name="connectionString">The connection string <see cref="CreateDatabaseAsync"/> returned.</param>
    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        using (var pooled = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>Stops the server at once and deletes its folder.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        try
        {
            Run("pg_ctl", _runAs, "stop", "-m", "immediate", "-w", "-D", Path.Combine(_folder, "data"));
        }
        catch (InvalidOperationException)
        {
            // Already stopped; the folder goes anyway.
        }

        TryDelete(_folder);
    }

    // Unique (a GUID in it) and well under PostgreSQL's 63-byte limit, whatever the process id's length.
    private string NewDatabaseName()
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"t{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}");
        return name.Length > 40 ? name[..40] : name;
    }

    private static bool IsRoot() => OperatingSystem.IsLinux() && File.Exists("/proc/self/status")
        && File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal)) is { } uid
        && uid.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries) is { Length: > 2 } parts && parts[2] == "0";

    private static void Run(string tool, string? runAs, params string[] args)
    {
        var start = new ProcessStartInfo
        {
            FileName = runAs is null ? tool : "runuser",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (runAs is not null)
        {
            foreach (var a in new[] { "-u", runAs, "--", FindOnPath(tool) ?? tool })
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {tool}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', args)} failed ({process.ExitCode}): {stderr.Result}{stdout.Result}");
        }
    }

    private static string? FindOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Deletes the folders of earlier runs whose server is no longer running (a test host killed right after its last
    /// test may stop the server without getting to delete the folder). Only folders older than two minutes are
    /// considered, so a cluster another run is still creating is left alone.
    /// </summary>
    private static void SweepLeftovers()
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            if (!File.Exists(Path.Combine(folder, "data", "postmaster.pid"))
                && DateTime.UtcNow - Directory.GetLastWriteTimeUtc(folder) > TimeSpan.FromMinutes(2))
            {
                TryDelete(folder);
            }
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
