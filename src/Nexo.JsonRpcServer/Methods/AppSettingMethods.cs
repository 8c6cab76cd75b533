using Nexo.JsonRpcServer.Contract;
using StreamJsonRpc;

namespace Nexo.JsonRpcServer.Methods;

/// <summary>App setting commands: thin calls into <see cref="AppSettingService"/>.</summary>
/// <param name="nexo">The SDK client.</param>
public sealed class AppSettingMethods(NexoClient nexo)
{
    /// <summary><c>save_app_setting</c>.</summary>
    [JsonRpcMethod(NexoCommands.SaveAppSetting, UseSingleObjectParameterDeserialization = true)]
    public Task SaveAppSettingAsync(SaveAppSettingParams p, CancellationToken ct) =>
        nexo.Settings.SetAsync(p.Key, p.Value, ct);

    /// <summary><c>get_app_setting</c>.</summary>
    [JsonRpcMethod(NexoCommands.GetAppSetting, UseSingleObjectParameterDeserialization = true)]
    public async Task<GetAppSettingResult> GetAppSettingAsync(GetAppSettingParams p, CancellationToken ct) =>
        new() { Value = await nexo.Settings.GetAsync(p.Key, ct).ConfigureAwait(false) };

    /// <summary><c>get_all_app_settings</c>.</summary>
    [JsonRpcMethod(NexoCommands.GetAllAppSettings, UseSingleObjectParameterDeserialization = true)]
    public Task<IReadOnlyList<AppSetting>> GetAllAppSettingsAsync(GetAllAppSettingsParams? p = null, CancellationToken ct = default) =>
        nexo.Settings.ListAsync(ct);
}
