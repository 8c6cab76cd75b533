using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Nexo.Security;

namespace Nexo.Storage;

/// <summary>
/// Copies a whole store into an empty one, SQLite and PostgreSQL in either direction (<c>nexo db copy</c>). Every table
/// of the data is copied row by row in one transaction of the target; secrets are decrypted with the source's key and
/// encrypted again with the target's (their purposes stay the same). Before the target commits, each table is verified:
/// the same number of rows and the same checksum on both sides, computed over the rows' values with secrets in their
/// decrypted form, so a copy that would lose or change anything is rolled back and nothing is written.
/// </summary>
/// <remarks>
/// Not copied: the schema bookkeeping (each store has its own migrations), the full-text index (SQLite's triggers and
/// PostgreSQL's generated column rebuild it), the messages' internal row numbers, and turn claims, leases and process owners (state of running
/// hosts, not data). Attachment files live beside the data and are copied by the caller.
/// </remarks>
internal static class StoreCopier
{
    /// <summary>One side of a copy: the store and the key of its secrets.</summary>
    internal sealed record Side(INexoStore Store, SecretProtector Protector);

    /// <summary>A table, the order its rows are read in (parents before children), its secret columns, and which rows are data.</summary>
    private sealed record Table(string Name, string OrderBy, IReadOnlyDictionary<string, Secret> Secrets, string Where = "1 = 1");

    /// <summary>How a secret column is stored, and the purpose its ciphertext is bound to.</summary>
    private sealed record Secret(SecretForm Form, Func<IReadOnlyDictionary<string, object?>, string> Purpose);

    /// <summary>The forms a secret column takes.</summary>
    private enum SecretForm
    {
        /// <summary>The whole value is one ciphertext.</summary>
        Encrypted,

        /// <summary>Text whose secret parts are sealed (<see cref="SecretArgs"/>): a URL.</summary>
        Sealed,

        /// <summary>A JSON list of texts with sealed parts: command-line arguments (JSON escapes some ciphertext characters).</summary>
        SealedList,
    }

    // Parents before children (foreign keys are checked on every insert). Messages by their row number: a message's
    // parent was always stored before it.
    private static readonly Table[] Tables =
    [
        new("workspaces", "id", NoSecrets()),
        new("llm_connections", "id", new Dictionary<string, Secret>
        {
            ["api_key_enc"] = new(SecretForm.Encrypted, r => $"llm_connections.api_key:{r["id"]}"),
            ["headers_enc"] = new(SecretForm.Encrypted, r => $"llm_connections.headers:{r["id"]}"),
        }),
        new("workspace_settings", "workspace_id", NoSecrets()),
        new("chats", "id", NoSecrets()),
        new("messages", "pk", NoSecrets()),
        new("mcp_servers", "id", new Dictionary<string, Secret>
        {
            ["env_enc"] = new(SecretForm.Encrypted, r => $"mcp_servers.env:{r["id"]}"),
            ["headers_enc"] = new(SecretForm.Encrypted, r => $"mcp_servers.headers:{r["id"]}"),
            ["oauth_client_secret_enc"] = new(SecretForm.Encrypted, r => $"mcp_servers.oauth_client_secret:{r["id"]}"),
            ["args"] = new(SecretForm.SealedList, r => $"mcp_servers.args:{r["id"]}"),
            ["url"] = new(SecretForm.Sealed, r => $"mcp_servers.url:{r["id"]}"),
        }),
        new("mcp_oauth_tokens", "server_id", new Dictionary<string, Secret>
        {
            ["tokens_enc"] = new(SecretForm.Encrypted, r => $"mcp_oauth_tokens.tokens:{r["server_id"]}"),
        }),
        new("prompts", "id", NoSecrets()),
        // The key check belongs to each store's own key (the target has its own): it is not data.
        new("app_settings", "key", NoSecrets(), $"key <> '{Security.KeyCheck.SettingKey}'"),
        new("usage_records", "id", NoSecrets()),
        new("model_prices", "connection_id, model", NoSecrets()),
    ];

    /// <summary>
    /// Columns not copied: what each store fills itself (row numbers, the search vector) and the state of running hosts
    /// (turn claims and leases, cancel requests, the process writing an unfinished answer or holding an MCP connection),
    /// which means nothing to the target's hosts.
    /// </summary>
    private static readonly HashSet<string> Generated = new(StringComparer.Ordinal)
    {
        "pk", "search", "turn_owner", "turn_claimed_at", "cancel_requested_at", "turn_lease_expires_at", "run_owner", "status_owner",
    };

    /// <summary>
    /// Migrates both stores to their current schema, refuses a target that holds any data, copies every table and
    /// verifies it, then commits. Returns each table's rows and checksum.
    /// </summary>
    public static async Task<IReadOnlyList<StoreCopyTable>> CopyAsync(Side from, Side to, IProgress<StoreCopyTable>? progress, CancellationToken cancellationToken)
    {
        if (string.Equals(from.Store.Location, to.Store.Location, StringComparison.Ordinal))
        {
            throw NexoException.Validation("to", $"The source and the target are the same store ({from.Store.Location}).");
        }

        from.Store.Migrate();
        to.Store.Migrate();
        await using var source = await OpenAsync(from.Store, cancellationToken).ConfigureAwait(false);
        await using var target = await OpenAsync(to.Store, cancellationToken).ConfigureAwait(false);
        await using var transaction = await target.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var table in Tables)
        {
            if (await HasRowsAsync(target, transaction, table, cancellationToken).ConfigureAwait(false))
            {
                throw NexoException.Conflict(
                    $"The target store {to.Store.Location} already holds data (table '{table.Name}' is not empty). 'db copy' writes only into an empty store; nothing was written.");
            }
        }

        var report = new List<StoreCopyTable>();
        foreach (var table in Tables)
        {
            var sourceColumns = await ColumnsAsync(source, null, table.Name, cancellationToken).ConfigureAwait(false);
            var targetColumns = await ColumnsAsync(target, transaction, table.Name, cancellationToken).ConfigureAwait(false);
            var missing = sourceColumns.Where(c => !Generated.Contains(c) && !targetColumns.Contains(c)).ToList();
            if (missing.Count > 0)
            {
                throw NexoException.Validation("to", $"The target store has no column {string.Join(", ", missing.Select(c => $"{table.Name}.{c}"))}: its schema is older than the source's.");
            }

            // In name order: the stores define some columns in different orders, and the checksum is over the values in order.
            var columns = sourceColumns.Where(c => !Generated.Contains(c)).Order(StringComparer.Ordinal).ToList();
            var copied = await CopyTableAsync(table, columns, source, target, transaction, from.Protector, to.Protector, cancellationToken).ConfigureAwait(false);
            var (rows, checksum) = await ChecksumAsync(table, columns, target, transaction, to.Protector, cancellationToken).ConfigureAwait(false);
            if (rows != copied.Rows || checksum != copied.Checksum)
            {
                throw new NexoException(
                    NexoErrorKind.Database,
                    $"The copy of '{table.Name}' does not match its source ({copied.Rows} rows, checksum {copied.Checksum[..16]}… read; {rows} rows, checksum {checksum[..16]}… written); nothing was written.");
            }

            var done = new StoreCopyTable { Name = table.Name, Rows = rows, Checksum = checksum };
            report.Add(done);
            progress?.Report(done);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return report;
    }

    /// <summary>The rows and checksum of every table of a store, secrets decrypted with <paramref name="side"/>'s key.</summary>
    public static async Task<IReadOnlyList<StoreCopyTable>> ChecksumsAsync(Side side, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(side.Store, cancellationToken).ConfigureAwait(false);
        var list = new List<StoreCopyTable>();
        foreach (var table in Tables)
        {
            var columns = (await ColumnsAsync(connection, null, table.Name, cancellationToken).ConfigureAwait(false)).Where(c => !Generated.Contains(c)).Order(StringComparer.Ordinal).ToList();
            var (rows, checksum) = await ChecksumAsync(table, columns, connection, null, side.Protector, cancellationToken).ConfigureAwait(false);
            list.Add(new StoreCopyTable { Name = table.Name, Rows = rows, Checksum = checksum });
        }

        return list;
    }

    private static async Task<(long Rows, string Checksum)> CopyTableAsync(
        Table table, List<string> columns, DbConnection source, DbConnection target, DbTransaction transaction,
        SecretProtector fromKey, SecretProtector toKey, CancellationToken cancellationToken)
    {
        await using var read = source.CreateCommand();
        read.CommandText = $"SELECT {string.Join(", ", columns)} FROM {table.Name} WHERE {table.Where} ORDER BY {table.OrderBy}";
        await using var insert = target.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO {table.Name} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i.ToString(CultureInfo.InvariantCulture)))})";
        var parameters = columns.Select((_, i) =>
        {
            var p = insert.CreateParameter();
            p.ParameterName = "@p" + i.ToString(CultureInfo.InvariantCulture);
            insert.Parameters.Add(p);
            return p;
        }).ToArray();

        var sum = new Checksum();
        await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var row = new Dictionary<string, object?>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var plain = ReadRow(reader, table, columns, row, fromKey);
            for (var i = 0; i < columns.Count; i++)
            {
                var value = row[columns[i]];
                if (value is string text && table.Secrets.TryGetValue(columns[i], out var secret))
                {
                    var purpose = secret.Purpose(row);
                    string Again(string cipher) => toKey.Protect(fromKey.Unprotect(cipher, purpose), purpose);
                    value = secret.Form switch
                    {
                        SecretForm.Sealed => SecretArgs.Reseal(text, Again),
                        SecretForm.SealedList => Json.Serialize(Json.Deserialize<List<string>>(text, []).Select(a => SecretArgs.Reseal(a, Again)).ToList()),
                        _ => toKey.Protect((string)plain[i]!, purpose),
                    };
                }

                parameters[i].Value = value ?? DBNull.Value;
            }

            sum.Add(plain);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return (sum.Rows, sum.Hex());
    }

    private static async Task<(long Rows, string Checksum)> ChecksumAsync(
        Table table, List<string> columns, DbConnection connection, DbTransaction? transaction, SecretProtector key, CancellationToken cancellationToken)
    {
        await using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = $"SELECT {string.Join(", ", columns)} FROM {table.Name} WHERE {table.Where}";
        var sum = new Checksum();
        await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var row = new Dictionary<string, object?>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var plain = ReadRow(reader, table, columns, row, key);
            sum.Add(plain);
        }

        return (sum.Rows, sum.Hex());
    }

    /// <summary>
    /// Reads the current row into <paramref name="row"/> (by column) and returns its values as the checksum sees them:
    /// secrets decrypted with <paramref name="key"/>.
    /// </summary>
    private static object?[] ReadRow(DbDataReader reader, Table table, List<string> columns, Dictionary<string, object?> row, SecretProtector key)
    {
        row.Clear();
        for (var i = 0; i < columns.Count; i++)
        {
            row[columns[i]] = reader.IsDBNull(i) ? null : reader.GetValue(i);
        }

        var plain = new object?[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            var value = row[columns[i]];
            plain[i] = value is string text && table.Secrets.TryGetValue(columns[i], out var secret)
                ? Open(text, secret, secret.Purpose(row), key, table.Name, columns[i])
                : value;
        }

        return plain;
    }

    private static string Open(string stored, Secret secret, string purpose, SecretProtector key, string table, string column)
    {
        try
        {
            return secret.Form switch
            {
                SecretForm.Sealed => SecretArgs.Open(stored, cipher => key.Unprotect(cipher, purpose)),
                SecretForm.SealedList => Json.Serialize(Json.Deserialize<List<string>>(stored, []).Select(a => SecretArgs.Open(a, cipher => key.Unprotect(cipher, purpose))).ToList()),
                _ => key.Unprotect(stored, purpose),
            };
        }
        catch (NexoException ex) when (ex.Kind == NexoErrorKind.Security)
        {
            throw new NexoException(
                NexoErrorKind.Security,
                $"A secret in {table}.{column} ({purpose}) cannot be decrypted with the source store's key: {ex.Message} Give the key the source was written with (NEXO_ENCRYPTION_KEY or its key file); nothing was written.",
                ex);
        }
    }

    private static Task<DbConnection> OpenAsync(INexoStore store, CancellationToken cancellationToken) => store.OpenConnectionAsync(cancellationToken);

    private static async Task<bool> HasRowsAsync(DbConnection connection, DbTransaction transaction, Table table, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT 1 FROM {table.Name} WHERE {table.Where} LIMIT 1";
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null and not DBNull;
    }

    /// <summary>The columns of a table.</summary>
    private static async Task<List<string>> ColumnsAsync(DbConnection connection, DbTransaction? transaction, string table, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = connection is Microsoft.Data.Sqlite.SqliteConnection
            ? $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid"
            : $"SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '{table}' ORDER BY ordinal_position";
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            names.Add(reader.GetString(0));
        }

        if (names.Count == 0)
        {
            throw new NexoException(NexoErrorKind.Database, $"The store has no table '{table}'.");
        }

        return names;
    }

    private static IReadOnlyDictionary<string, Secret> NoSecrets() => new Dictionary<string, Secret>();

    /// <summary>
    /// An order-independent checksum of rows (the stores sort text differently): the lane-wise sum of each row's SHA-256,
    /// over the row's values written one way whatever the store returned (integers of any width alike).
    /// </summary>
    private sealed class Checksum
    {
        private readonly ulong[] _lanes = new ulong[4];

        public long Rows { get; private set; }

        public void Add(object?[] values)
        {
            var text = new StringBuilder();
            foreach (var value in values)
            {
                text.Append(value switch
                {
                    null => "\u0000",
                    string s => "s" + s,
                    bool b => b ? "i1" : "i0",
                    byte[] bytes => "b" + Convert.ToBase64String(bytes),
                    double d => "d" + d.ToString("R", CultureInfo.InvariantCulture),
                    float f => "d" + ((double)f).ToString("R", CultureInfo.InvariantCulture),
                    decimal m => "m" + m.ToString(CultureInfo.InvariantCulture),
                    IConvertible c => "i" + c.ToInt64(CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
                    _ => "o" + value,
                }).Append('\u001F');
            }

            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()), hash);
            for (var i = 0; i < 4; i++)
            {
                _lanes[i] += BitConverter.ToUInt64(hash.Slice(i * 8, 8));
            }

            Rows++;
        }

        public string Hex() => string.Concat(_lanes.Select(l => l.ToString("x16", CultureInfo.InvariantCulture)));
    }
}
