using System.Security.Cryptography;
using Nexo.Testing;

namespace Nexo.Samples.Tests;

/// <summary>
/// The web sample scaled out: a fresh database on the shared real PostgreSQL, one encryption key and a fake
/// OpenAI-compatible provider; each <see cref="StartInstanceAsync"/> starts another sample process on them (like one
/// more replica behind a load balancer) and returns its address.
/// </summary>
public sealed class ScaledOutSample : IAsyncDisposable
{
    private readonly string _key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly List<SampleProcess> _instances = [];
    private readonly string _database;

    private ScaledOutSample(string database, FakeOpenAIServer provider)
    {
        _database = database;
        Provider = provider;
    }

    /// <summary>The provider every instance talks to; its <see cref="FakeOpenAIServer.DefaultResponse"/> is the answer.</summary>
    public FakeOpenAIServer Provider { get; }

    /// <summary>Creates the database and starts the provider, answering every turn with <paramref name="answer"/>.</summary>
    public static async Task<ScaledOutSample> CreateAsync(FakeResponse answer)
    {
        var database = await PostgresCluster.Shared.CreateDatabaseAsync();
        var provider = await FakeOpenAIServer.StartAsync();
        provider.DefaultResponse = answer;
        return new ScaledOutSample(database, provider);
    }

    /// <summary>Starts one more instance with <c>--db postgres://…</c> on a free port; returns its base address.</summary>
    public async Task<Uri> StartInstanceAsync()
    {
        var process = SampleProcess.Start(
            Samples.AspNetCoreDll,
            ["--urls", "http://127.0.0.1:0", "--db", _database],
            workingDirectory: Samples.ProjectFolder("Nexo.Samples.AspNetCore"),
            environment: new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["NEXO_ENCRYPTION_KEY"] = _key,
                ["Nexo__Connection__Name"] = "fake",
                ["Nexo__Connection__Provider"] = "OpenAICompatible",
                ["Nexo__Connection__BaseUrl"] = Provider.BaseUrl,
                ["Nexo__Connection__Model"] = "gpt-4o-mini",
            });
        _instances.Add(process);
        return await process.WaitForListeningAsync();
    }

    /// <summary>Stops the instances and the provider and drops the database.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        await Provider.DisposeAsync();
        await PostgresCluster.Shared.DropDatabaseAsync(_database);
    }
}
