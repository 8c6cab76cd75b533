namespace Nexo.Cli.Setup;

/// <summary>The CLI's view of the SDK's <see cref="LlmProviderCatalog"/>: <c>--provider</c> parsing and the help text.</summary>
internal static class Providers
{
    /// <summary>The names accepted by <c>--provider</c>: every catalogue name and alias.</summary>
    public static readonly string[] Names = [.. LlmProviderCatalog.AcceptedNames];

    /// <summary>The names shown in help: the catalogue's names without their alternative spellings.</summary>
    public static readonly string HelpName = string.Join('|', LlmProviderCatalog.All.Select(p => p.Name));

    /// <summary>Parses a provider name or alias.</summary>
    /// <exception cref="UsageException">Unknown name.</exception>
    public static LlmProviderInfo Parse(string name) =>
        LlmProviderCatalog.TryFind(name, out var provider)
            ? provider
            : throw new UsageException($"Unknown provider '{name}'; use one of: {string.Join(", ", LlmProviderCatalog.All.Select(p => p.Name))}.");

    /// <summary>The wire name of a provider.</summary>
    public static string Name(LlmProviderKind kind) => LlmProviderCatalog.Get(kind).Name;

    /// <summary>The base URL used when <c>--base-url</c> is not given, or <see langword="null"/> when the provider has none.</summary>
    public static string? DefaultBaseUrl(LlmProviderInfo provider) => provider.GetDefaultBaseUrl();
}
