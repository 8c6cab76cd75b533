using System.Reflection;
using System.Text.Json.Nodes;
using Nexo.JsonRpcServer.Acp;
using StreamJsonRpc;

namespace Nexo.JsonRpcServer.Tests.Acp;

/// <summary>
/// What <see cref="AcpJsonRpc"/> and <see cref="AcpRequestGate"/> decide for every method at once: the initialized
/// check, the typed params (required fields, types, unknown fields), the error shape, and what is not a method.
/// </summary>
public sealed class AcpDispatchTests
{
    [Fact]
    public void EveryAcpMethod_TakesOneTypedParamsRecord_UnderItsWireName()
    {
        var types = AcpRequestGate.For(typeof(AcpAgent)).ParamsTypes;

        Assert.Equal(
            [
                "$/cancel_request", "_nexo/edit_and_resend", "_nexo/fork", "_nexo/regenerate", "_nexo/switch_branch", "authenticate", "initialize",
                "session/cancel", "session/close", "session/delete", "session/list", "session/load", "session/new", "session/prompt",
                "session/resume", "session/set_config_option",
            ],
            types.Keys.Order(StringComparer.Ordinal));
        Assert.All(types.Values, t => Assert.True(typeof(AcpObject).IsAssignableFrom(t), t.Name));
    }

    [Fact]
    public async Task Requests_BeforeInitialize_AreRefusedWithInvalidRequest_WhateverTheMethod()
    {
        await using var h = await AcpHarness.CreateAsync();

        var list = await Assert.ThrowsAsync<AcpError>(() => h.Client.RequestAsync("session/list", new JsonObject()));
        var branch = await Assert.ThrowsAsync<AcpError>(() => h.Client.RequestAsync("_nexo/switch_branch", new JsonObject { ["sessionId"] = "s", ["messageId"] = "m" }));
        var auth = await Assert.ThrowsAsync<AcpError>(() => h.Client.RequestAsync("authenticate", new JsonObject { ["methodId"] = "nexo-env" }));

        Assert.All([list, branch, auth], e =>
        {
            Assert.Equal(-32600, e.Code);
            Assert.Equal("Call initialize before any other ACP method.", Text(e));
            Assert.Equal("invalidRequest", (string)e.ErrorData!["kind"]!);
        });
        await h.Client.RequestAsync("initialize", AcpTestClient.Initialize());
        var after = await h.Client.RequestObjectAsync("session/list", new JsonObject());
        Assert.Empty(after["sessions"]!.AsArray());
    }

    [Fact]
    public async Task MissingRequiredField_IsInvalidParams_NamingTheField()
    {
        await using var h = await AcpHarness.CreateAsync();
        await h.Client.RequestAsync("initialize", AcpTestClient.Initialize());

        var missing = await Assert.ThrowsAsync<AcpError>(() => h.Client.RequestAsync("session/new", new JsonObject { ["mcpServers"] = new JsonArray() }));
        var noPrompt = await Assert.ThrowsAsync<AcpError>(() => h.Client.RequestAsync("session/prompt", new JsonObject { ["sessionId"] = "s" }));
        var nullId = await Assert.ThrowsAsync<AcpError>(() => h.Client.RequestAsync("session/close", new JsonObject { ["sessionId"] = null }));

        Assert.Equal(-32602, missing.Code);
        Assert.Equal("The parameter 'cwd' is required.", Text(missing));
        Assert.Equal("validation", (string)missing.ErrorData!["kind"]!);
        Assert.Equal("cwd", (string)missing.ErrorData!["details"]!["field"]!);
        Assert.Equal("The parameter 'prompt' is required.", Text(noPrompt));
        Assert.Equal("The parameter 'sessionId' is required.", Text(nullId));
    }

    [Fact]
    public async Task WrongTypes_AreInvalidParams_SayingWhatWasExpected()
    {
        await using var h = await AcpHarness.CreateAsync();
        await h.Client.RequestAsync("initialize", AcpTestClient.Initialize());

        var number = await Assert.ThrowsAsync<AcpError>(() => h.Client.RequestAsync("session/new", new JsonObject { ["cwd"] = 5, ["mcpServers"] = new JsonArray() }));
        var notObject = await Assert.ThrowsAsync<AcpError>(() => h.Client.RequestAsync("session/list", new JsonArray("a")));
        var badServer = await Assert.ThrowsAsync<AcpError>(() => h.Client.RequestAsync("session/new", new JsonObject
        {
            ["cwd"] = h.Project,
            ["mcpServers"] = new JsonArray(new JsonObject { ["command"] = "x" }),
        }));

        Assert.Equal(-32602, number.Code);
        Assert.Contains("'cwd'", number.Message, StringComparison.Ordinal);
        Assert.Contains("expected a string", number.Message, StringComparison.Ordinal);
        Assert.Equal(-32602, notObject.Code);
        Assert.Contains("must be one object of named parameters", notObject.Message, StringComparison.Ordinal);
        Assert.Equal(-32602, badServer.Code);
        Assert.Contains("mcpServers", (string)badServer.ErrorData!["details"]!["field"]!, StringComparison.Ordinal);
        Assert.Empty((await h.Client.RequestObjectAsync("session/list", new JsonObject()))["sessions"]!.AsArray());
    }

    [Fact]
    public async Task UnknownFields_AreIgnored()
    {
        await using var h = await AcpHarness.CreateAsync();
        var init = AcpTestClient.Initialize();
        init["futureField"] = new JsonObject { ["x"] = 1 };
        await h.Client.RequestAsync("initialize", init);

        var created = await h.Client.RequestObjectAsync("session/new", new JsonObject
        {
            ["cwd"] = h.Project,
            ["mcpServers"] = new JsonArray(),
            ["additionalDirectories"] = new JsonArray(),
            ["somethingNew"] = true,
            ["_meta"] = new JsonObject { ["vendor"] = "x" },
        });
        var list = await h.Client.RequestObjectAsync("session/list", new JsonObject { ["cwd"] = h.Project, ["filter"] = "later" });

        Assert.Equal([(string)created["sessionId"]!], list["sessions"]!.AsArray().Select(s => (string)s!["sessionId"]!));
    }

    [Fact]
    public async Task Notifications_WithBadParams_AreDropped_AndTheConnectionGoesOn()
    {
        await using var h = await AcpHarness.CreateAsync();
        await h.Client.RequestAsync("initialize", AcpTestClient.Initialize());

        await h.Client.NotifyAsync("session/cancel", new JsonObject());
        await h.Client.NotifyAsync("$/cancel_request", new JsonObject { ["id"] = 3 });
        var list = await h.Client.RequestObjectAsync("session/list", new JsonObject());

        Assert.NotNull(list["sessions"]);
        Assert.DoesNotContain(h.Client.Lines, l => l.Contains("\"error\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnknownMethod_Error_HasTheSameDataShapeAsEveryOther()
    {
        await using var h = await AcpHarness.CreateAsync();
        await h.Client.RequestAsync("initialize", AcpTestClient.Initialize());

        var unknown = await Assert.ThrowsAsync<AcpError>(() => h.Client.RequestAsync("_vendor/thing", new JsonObject()));

        Assert.Equal(-32601, unknown.Code);
        Assert.Equal("validation", (string)unknown.ErrorData!["kind"]!);
        Assert.Equal("_vendor/thing", (string)unknown.ErrorData!["details"]!["method"]!);
    }

    [Fact]
    public async Task AgentHelpers_AreNotMethodsOnTheWire()
    {
        await using var h = await AcpHarness.CreateAsync();
        await h.Client.RequestAsync("initialize", AcpTestClient.Initialize());

        foreach (var name in new[] { "DisposeAsync", "CancelTurnAsync", "SendUpdateAsync" })
        {
            var error = await Assert.ThrowsAsync<AcpError>(() => h.Client.RequestAsync(name, new JsonObject()));
            Assert.Equal(-32601, error.Code);
        }

        Assert.All(
            typeof(AcpAgent).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Where(m => !m.IsSpecialName),
            m => Assert.True(m.GetCustomAttribute<JsonRpcMethodAttribute>() is not null || m.GetCustomAttribute<JsonRpcIgnoreAttribute>() is not null, m.Name));
        Assert.NotNull(await h.Client.RequestObjectAsync("session/list", new JsonObject()));
    }

    /// <summary>The error's message as sent (<see cref="AcpError"/>'s own message starts with the code).</summary>
    private static string Text(AcpError error) => error.Message[(error.Message.IndexOf(": ", StringComparison.Ordinal) + 2)..];
}
