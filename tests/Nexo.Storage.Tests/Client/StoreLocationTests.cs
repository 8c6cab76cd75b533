using Npgsql;

namespace Nexo.Storage.Tests.Client;

/// <summary><c>--db</c> / <c>NEXO_DB</c> parsing (<see cref="NexoStoreLocation"/>): files, PostgreSQL URIs and connection strings, refused schemes.</summary>
public sealed class StoreLocationTests
{
    [Theory]
    [InlineData("chats.db")]
    [InlineData("/tmp/nexo/x.db")]
    [InlineData("./folder with spaces/nexo.db")]
    [InlineData("C:nexo.db")]
    public void A_file_path_is_sqlite_with_its_full_path(string value)
    {
        var location = NexoStoreLocation.Parse(value);

        Assert.False(location.IsPostgres);
        Assert.Equal(Path.GetFullPath(value), location.DatabasePath);
        Assert.Null(location.ConnectionString);
        Assert.Equal(Path.GetFullPath(value), location.Display);
    }

    [Fact]
    public void A_postgres_uri_becomes_an_npgsql_connection_string_with_every_part()
    {
        var location = NexoStoreLocation.Parse("postgres://alice:s3cr%40t%3Bx@db.example:6543/nexo_prod?sslmode=require&application_name=web%201");

        Assert.True(location.IsPostgres);
        Assert.Null(location.DatabasePath);
        var builder = new NpgsqlConnectionStringBuilder(location.ConnectionString);
        Assert.Equal("alice", builder.Username);
        Assert.Equal("s3cr@t;x", builder.Password);
        Assert.Equal("db.example", builder.Host);
        Assert.Equal(6543, builder.Port);
        Assert.Equal("nexo_prod", builder.Database);
        Assert.Equal(SslMode.Require, builder.SslMode);
        Assert.Equal("web 1", builder.ApplicationName);
        Assert.Equal("postgresql://db.example:6543/nexo_prod", location.Display);
        Assert.DoesNotContain("s3cr", location.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_postgresql_uri_without_user_or_port_keeps_npgsql_defaults()
    {
        var builder = new NpgsqlConnectionStringBuilder(NexoStoreLocation.Parse("postgresql://localhost/nexo").ConnectionString);

        Assert.Equal(("localhost", 5432, "nexo", null, null), (builder.Host, builder.Port, builder.Database, builder.Username, builder.Password));
    }

    [Fact]
    public void Ipv6_hosts_several_hosts_and_a_socket_folder_are_read()
    {
        var ipv6 = new NpgsqlConnectionStringBuilder(NexoStoreLocation.Parse("postgres://u@[::1]:5433/d").ConnectionString);
        var several = new NpgsqlConnectionStringBuilder(NexoStoreLocation.Parse("postgres://u@a:5432,b:5433/d?target_session_attrs=read-write").ConnectionString);
        var socket = new NpgsqlConnectionStringBuilder(NexoStoreLocation.Parse("postgresql:///d?host=%2Fvar%2Frun%2Fpostgresql&user=me").ConnectionString);

        Assert.Equal(("::1", 5433), (ipv6.Host, ipv6.Port));
        Assert.Equal("a:5432,b:5433", several.Host);
        Assert.Equal("read-write", several.TargetSessionAttributes);
        Assert.Equal(("/var/run/postgresql", "me", "d"), (socket.Host, socket.Username, socket.Database));
    }

    [Theory]
    [InlineData("Host=db;Database=nexo;Username=u;Password=p")]
    [InlineData("Server=db;Port=5432;Database=nexo")]
    public void An_npgsql_connection_string_is_postgres_as_given(string value)
    {
        var location = NexoStoreLocation.Parse(value);

        Assert.True(location.IsPostgres);
        Assert.Equal("db", new NpgsqlConnectionStringBuilder(location.ConnectionString).Host);
        Assert.Equal("nexo", new NpgsqlConnectionStringBuilder(location.ConnectionString).Database);
        Assert.DoesNotContain("Password", location.Display, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("ftp://x")]
    [InlineData("mysql://host/db")]
    [InlineData("sqlite://nexo.db")]
    public void Any_other_scheme_is_a_validation_error_naming_it(string value)
    {
        var error = Assert.Throws<NexoException>(() => NexoStoreLocation.Parse(value));

        Assert.Equal(NexoErrorKind.Validation, error.Kind);
        Assert.Contains($"'{value[..value.IndexOf(':', StringComparison.Ordinal)]}://", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres://", "no host")]
    [InlineData("postgres://host:99999/db", "not a port number")]
    [InlineData("postgres://host:abc/db", "not a port number")]
    [InlineData("   ", "must not be empty")]
    public void A_postgres_uri_that_cannot_be_read_is_a_validation_error(string value, string message)
    {
        var error = Assert.Throws<NexoException>(() => NexoStoreLocation.Parse(value));

        Assert.Equal(NexoErrorKind.Validation, error.Kind);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_uri_parameter_is_refused_by_UsePostgres()
    {
        var location = NexoStoreLocation.Parse("postgres://h/d?no_such_parameter=1");

        var error = Assert.Throws<NexoException>(() => new NexoOptions().UseStore(location));

        Assert.Equal(NexoErrorKind.Validation, error.Kind);
    }

    [Fact]
    public void UseStore_and_UseSqlite_switch_between_the_stores()
    {
        var options = new NexoOptions().UseStore(NexoStoreLocation.Parse("postgres://h/d"));
        Assert.NotNull(options.StoreFactory);

        options.UseSqlite("x.db");

        Assert.Null(options.StoreFactory);
        Assert.Equal("x.db", options.DatabasePath);
    }
}
