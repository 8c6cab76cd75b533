using System.Net.Http.Json;
using System.Text.Json;
using Nexo.Cli.Output;

namespace Nexo.Cli.Setup;

/// <summary>A provider found on this machine that could become the first connection.</summary>
/// <param name="Name">The connection name to use.</param>
/// <param name="Provider">The wire protocol.</param>
/// <param name="BaseUrl">The endpoint.</param>
/// <param name="ApiKeyVariable">The environment variable holding the key, when there is one.</param>
/// <param name="DefaultModel">A sensible first model, when one is known.</param>
/// <param name="Found">What was found, for people.</param>
internal sealed record DetectedProvider(string Name, LlmProviderKind Provider, string BaseUrl, string? ApiKeyVariable, string? DefaultModel, string Found)
{
    /// <summary>The command that saves this provider as a connection.</summary>
    public string AddCommand =>
        $"nexo connection add {Name} --provider {Providers.Name(Provider)} --base-url {BaseUrl}"
        + (ApiKeyVariable is null ? string.Empty : $" --api-key-env {ApiKeyVariable}")
        + (DefaultModel is null ? string.Empty : $" --default-model {DefaultModel}");
}

/// <summary>
/// The first run of <c>nexo chat</c> with no connection: finds API keys in the environment (the key variables of the
/// <see cref="LlmProviderCatalog"/>: <c>OPENAI_API_KEY</c>, <c>ANTHROPIC_API_KEY</c>, <c>GROQ_API_KEY</c>,
/// <c>OPENROUTER_API_KEY</c>…) and a local Ollama server, then either offers to save one (at a terminal) or prints
/// exactly how to add one (exit code 3).
/// </summary>
internal static class FirstRun
{
    /// <summary>A first model for the providers detected by their API key; others start with none.</summary>
    private static readonly Dictionary<string, string> StarterModels = new(StringComparer.Ordinal)
    {
        ["openai"] = "gpt-4o-mini",
        ["anthropic"] = "claude-sonnet-4-5",
        ["openrouter"] = "openai/gpt-4o-mini",
        ["groq"] = "llama-3.3-70b-versatile",
        ["deepseek"] = "deepseek-chat",
        ["google"] = "gemini-2.5-flash",
    };

    /// <summary>
    /// Looks for providers: every provider of the <see cref="LlmProviderCatalog"/> whose API key variable is set, then an
    /// Ollama server at the catalogue's address (<c>$OLLAMA_HOST</c> or Ollama's default); the probe waits at most two
    /// seconds (a refused connection answers at once).
    /// </summary>
    public static async Task<IReadOnlyList<DetectedProvider>> DetectAsync(CancellationToken cancellationToken)
    {
        var found = new List<DetectedProvider>();
        foreach (var provider in LlmProviderCatalog.All)
        {
            if (provider.FindApiKeyVariable() is { } variable && provider.DefaultBaseUrl is { } baseUrl)
            {
                found.Add(new(provider.Name, provider.Kind, baseUrl, variable, StarterModels.GetValueOrDefault(provider.Name), $"{variable} is set"));
            }
        }

        var ollama = LlmProviderCatalog.Get(LlmProviderKind.Ollama).GetDefaultBaseUrl();
        if (ollama is not null && await ProbeOllamaAsync(ollama, cancellationToken).ConfigureAwait(false) is { } server)
        {
            found.Add(server);
        }

        return found;
    }

    /// <summary>
    /// Makes sure a connection exists. Returns <see langword="true"/> when one exists or was just saved; otherwise
    /// writes the not-configured error with instructions and returns <see langword="false"/> (exit code 3).
    /// </summary>
    public static async Task<bool> EnsureConnectionAsync(CliContext ctx, NexoClient nexo, CancellationToken cancellationToken)
    {
        if ((await nexo.Connections.ListAsync(cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            return true;
        }

        var found = await DetectAsync(cancellationToken).ConfigureAwait(false);
        var console = ctx.Console;
        if (found.Count > 0 && console.CanPrompt)
        {
            var choice = Choose(console, found);
            if (choice is not null)
            {
                var key = choice.ApiKeyVariable is null ? null : Environment.GetEnvironmentVariable(choice.ApiKeyVariable)?.Trim();
                var connection = await nexo.Connections.CreateAsync(
                    new NewLlmConnection { Name = choice.Name, Provider = choice.Provider, BaseUrl = choice.BaseUrl, ApiKey = key, DefaultModel = choice.DefaultModel },
                    cancellationToken).ConfigureAwait(false);
                ctx.Info($"Saved connection '{connection.Name}' ({Providers.Name(connection.Provider)}, model {connection.DefaultModel ?? "-"}). Change the model with 'nexo connection update {connection.Name} --default-model MODEL'.");
                return true;
            }
        }

        CliErrors.Write(console, nameof(NexoErrorKind.NotConfigured), "No LLM connection is configured.");
        if (found.Count > 0)
        {
            foreach (var provider in found)
            {
                console.Error.WriteLine($"Found {provider.Found}; save it with:");
                console.Error.WriteLine($"  {provider.AddCommand}");
            }
        }
        else
        {
            console.Error.WriteLine("Add one, for example:");
            console.Error.WriteLine("  nexo connection add openai --provider openai --api-key-env OPENAI_API_KEY --default-model gpt-4o-mini");
            console.Error.WriteLine("  nexo connection add anthropic --provider anthropic --api-key-env ANTHROPIC_API_KEY --default-model claude-sonnet-4-5");
            console.Error.WriteLine($"  nexo connection add local --provider ollama --base-url {LlmProviderCatalog.Get(LlmProviderKind.Ollama).DefaultBaseUrl} --default-model llama3.2");
            console.Error.WriteLine("  nexo connection add other --provider openai-compatible --base-url URL --api-key-env VAR --default-model MODEL");
        }

        return false;
    }

    private static DetectedProvider? Choose(CliConsole console, IReadOnlyList<DetectedProvider> found)
    {
        console.Error.WriteLine("No LLM connection is configured yet.");
        if (found.Count == 1)
        {
            var only = found[0];
            return console.Confirm($"Found {only.Found}. Save it as connection '{only.Name}'{(only.DefaultModel is null ? string.Empty : $" (model {only.DefaultModel})")} and continue?", defaultYes: true) ? only : null;
        }

        for (var i = 0; i < found.Count; i++)
        {
            console.Error.WriteLine($"  {i + 1}. {found[i].Name}: {found[i].Found}{(found[i].DefaultModel is null ? string.Empty : $" (model {found[i].DefaultModel})")}");
        }

        console.Error.Write($"Save which one as your first connection? [1-{found.Count}, Enter to skip] ");
        var answer = console.In.ReadLine()?.Trim();
        return int.TryParse(answer, out var n) && n >= 1 && n <= found.Count ? found[n - 1] : null;
    }

    private static async Task<DetectedProvider?> ProbeOllamaAsync(string baseUrl, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            using var tags = await http.GetAsync(new Uri(baseUrl + "/api/tags"), cancellationToken).ConfigureAwait(false);
            if (!tags.IsSuccessStatusCode)
            {
                return null;
            }

            using var doc = await tags.Content.ReadFromJsonAsync(JsonOutput.Info<JsonDocument>(), cancellationToken).ConfigureAwait(false);
            string? model = null;
            if (doc?.RootElement.TryGetProperty("models", out var models) == true && models.ValueKind == JsonValueKind.Array)
            {
                model = models.EnumerateArray().Select(m => m.TryGetProperty("name", out var name) ? name.GetString() : null).FirstOrDefault(n => !string.IsNullOrEmpty(n));
            }

            return new DetectedProvider("ollama", LlmProviderKind.Ollama, baseUrl, null, model, $"an Ollama server at {baseUrl}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or UriFormatException or NotSupportedException)
        {
            return null;
        }
    }
}
