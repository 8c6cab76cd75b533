using Microsoft.Data.Sqlite;

namespace Nexo.Samples.Tests;

/// <summary>
/// The web sample started once, like <c>dotnet run</c> starts it (its project folder as the content root), on a free
/// port and a temporary database, with the default echo provider.
/// </summary>
public sealed class AspNetCoreSampleFixture : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("nexo-aspnetcore-test-").FullName;
    private SampleProcess? _process;

    public HttpClient Http { get; } = new();

    public SampleProcess Process => _process ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        _process = SampleProcess.Start(
            Samples.AspNetCoreDll,
            ["--urls", "http://127.0.0.1:0"],
            workingDirectory: Samples.ProjectFolder("Nexo.Samples.AspNetCore"),
            environment: new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Nexo__DatabasePath"] = Path.Combine(_folder, "nexo.db"),
            });
        Http.BaseAddress = await _process.WaitForListeningAsync();
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
