using System.Text.Json.Nodes;

namespace Nexo.JsonRpcServer.Tests;

/// <summary>Issue 16 through the JSON-RPC host: the built-in workspace tools' settings, previews and plan.</summary>
public sealed class BuiltinToolsTests
{
    [Fact]
    public async Task SaveWorkspaceSettings_BuiltinToolsAndAllowReads_AreStored_AndAnUnknownToolIsInvalidParamsNamingTheField()
    {
        await using var server = await ServerProcess.StartInitializedAsync();
        var ws = (string)(await server.CallAsync("create_workspace", new { name = "w" }))["id"]!;

        var defaults = await server.CallAsync("get_workspace_settings", new { workspaceId = ws });
        var saved = await server.CallAsync("save_workspace_settings", new { workspaceId = ws, builtinTools = new[] { "update_plan", "read_file", "edit_file" }, toolPermissionMode = "allow_reads" });
        var unknown = await server.CallErrorAsync("save_workspace_settings", new { workspaceId = ws, builtinTools = new[] { "read_file", "rm_rf" } });
        var kept = await server.CallAsync("save_workspace_settings", new { workspaceId = ws, systemMessage = "Be brief." });
        var cleared = await server.CallAsync("save_workspace_settings", new { workspaceId = ws, builtinTools = Array.Empty<string>() });

        Assert.Empty(defaults["builtinTools"]!.AsArray());
        Assert.Equal("ask", (string?)defaults["toolPermissionMode"]);
        Assert.Equal(["read_file", "edit_file", "update_plan"], Names(saved["builtinTools"]!)); // in the order they are offered
        Assert.Equal("allow_reads", (string?)saved["toolPermissionMode"]);
        Assert.Equal(-32602, (int)unknown["code"]!);
        Assert.Equal(("validation", "builtinTools"), ((string?)unknown["data"]!["kind"], (string?)unknown["data"]!["details"]!["field"]));
        Assert.Contains("rm_rf", (string?)unknown["message"], StringComparison.Ordinal);
        Assert.Equal(["read_file", "edit_file", "update_plan"], Names(kept["builtinTools"]!)); // the failed save changed nothing; omitted keeps
        Assert.Empty(cleared["builtinTools"]!.AsArray());
    }

    private static List<string> Names(JsonNode array) => array.AsArray().Select(n => (string)n!).ToList();
}
