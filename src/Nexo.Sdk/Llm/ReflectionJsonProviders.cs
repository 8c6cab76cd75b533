using System.Diagnostics.CodeAnalysis;

namespace Nexo;

/// <summary>
/// The provider SDKs whose JSON is reflection-based: Anthropic 13.13.0 (every model converter) and OllamaSharp 5.5.2
/// (its chat request and stream). They produce trim/AOT warnings, so the native (Native AOT) <c>nexo</c> is built with
/// this feature switch off (<c>Nexo.Llm.ReflectionJsonProviders.IsSupported=false</c>): the compiler drops their code
/// and a turn on such a connection fails with <see cref="NotInThisBuild"/>. Everywhere else (the SDK, the JIT CLI,
/// <c>nexo-jsonrpc</c>, which the native <c>nexo serve</c> / <c>nexo acp</c> run) the switch is on.
/// </summary>
internal static class ReflectionJsonProviders
{
    /// <summary>The feature switch's name (a <c>RuntimeHostConfigurationOption</c> with <c>Trim="true"</c>).</summary>
    public const string SwitchName = "Nexo.Llm.ReflectionJsonProviders.IsSupported";

    /// <summary>Whether the Anthropic and Ollama providers are in this build (on unless the switch turns them off).</summary>
    [FeatureSwitchDefinition(SwitchName)]
    public static bool IsSupported => !AppContext.TryGetSwitch(SwitchName, out var on) || on;

    /// <summary>The error for a connection whose provider this build does not have.</summary>
    public static NexoException NotInThisBuild(LlmConnection connection) => new(
        NexoErrorKind.NotConfigured,
        $"The LLM connection '{connection.Name}' uses {Enums.Name(connection.Provider)}, which the native (AOT) nexo does not include (its SDK needs reflection-based JSON): use the JIT nexo (dotnet publish src/Nexo.Cli -r RID -p:PublishAot=false, or dotnet nexo.dll) or 'nexo serve' / 'nexo acp' for this connection.");
}
