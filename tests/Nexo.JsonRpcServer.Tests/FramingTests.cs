using System.Text;

namespace Nexo.JsonRpcServer.Tests;

/// <summary>Bad frames are answered (or skipped) and never end the connection.</summary>
public sealed class FramingTests
{
    [Fact]
    public async Task GarbageFrames_AreAnsweredWithErrors_AndTheServerKeepsServing()
    {
        await using var server = await ServerProcess.StartInitializedAsync();

        var parseError = server.Expect("null");
        await server.WriteMessageAsync("{ this is not json");
        var parse = await parseError;
        var batch = await Reply(server, "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"get_workspaces\"}]");
        var notObject = await Reply(server, "\"hello\"");
        var badId = await Reply(server, "{\"jsonrpc\":\"2.0\",\"id\":{\"x\":1},\"method\":\"get_workspaces\"}");
        var noMethod = await server.Expect("g1").WaitAfter(server.WriteMessageAsync("{\"jsonrpc\":\"2.0\",\"id\":\"g1\"}"));
        var badMethod = await server.Expect("g2").WaitAfter(server.WriteMessageAsync("{\"jsonrpc\":\"2.0\",\"id\":\"g2\",\"method\":7}"));
        var oldVersion = await server.Expect("g3").WaitAfter(server.WriteMessageAsync("{\"jsonrpc\":\"1.0\",\"id\":\"g3\",\"method\":\"get_workspaces\"}"));
        await server.WriteMessageAsync(Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"method\":\"get_workspaces\",\"params\":[[[[")); // a broken notification gets an id-null parse error
        var brokenNotification = await server.Expect("null");
        var stillAlive = await server.CallAsync("create_workspace", new { name = "survivor" });

        Assert.Equal(-32700, (int)parse["error"]!["code"]!);
        Assert.Equal(-32600, (int)batch["error"]!["code"]!);
        Assert.Equal(-32600, (int)notObject["error"]!["code"]!);
        Assert.Equal(-32600, (int)badId["error"]!["code"]!);
        Assert.Equal(-32600, (int)noMethod["error"]!["code"]!);
        Assert.Equal(-32600, (int)badMethod["error"]!["code"]!);
        Assert.Equal(-32600, (int)oldVersion["error"]!["code"]!);
        Assert.Equal(-32700, (int)brokenNotification["error"]!["code"]!);
        Assert.Equal("survivor", (string?)stillAlive["name"]);
    }

    [Fact]
    public async Task MalformedHeaders_AreSkipped_AndTheNextFrameIsServed()
    {
        await using var server = await ServerProcess.StartInitializedAsync();

        var noLength = server.Expect("null");
        await server.WriteRawAsync(Encoding.ASCII.GetBytes("Content-Type: application/json\r\n\r\n"));
        var first = await noLength;
        var badLength = server.Expect("null");
        await server.WriteRawAsync(Encoding.ASCII.GetBytes("Content-Length: twelve\r\n\r\n"));
        var second = await badLength;
        var served = await server.CallAsync("get_workspaces");

        Assert.Equal(-32600, (int)first["error"]!["code"]!);
        Assert.Equal(-32600, (int)second["error"]!["code"]!);
        Assert.Empty(served.AsArray());
    }

    [Fact]
    public async Task FiftyMegabyteFrame_IsRejectedWithoutACrash_AndTheServerKeepsServing()
    {
        await using var server = await ServerProcess.StartInitializedAsync();
        var content = new string('x', 50 * 1024 * 1024);
        var body = Encoding.UTF8.GetBytes($"{{\"jsonrpc\":\"2.0\",\"id\":\"big\",\"method\":\"create_prompt\",\"params\":{{\"name\":\"big\",\"content\":\"{content}\"}}}}");

        // Issue 12 changed this: the error answers the request's own id (read while the frame is dropped), not null.
        var rejection = server.Expect("big");
        await server.WriteMessageAsync(body);
        var error = await rejection;
        var stillAlive = await server.CallAsync("create_workspace", new { name = "after the flood" });

        Assert.Equal(-32600, (int)error["error"]!["code"]!);
        Assert.Equal(body.Length, (long)error["error"]!["data"]!["details"]!["length"]!);
        Assert.Contains("exceeds the limit", (string)error["error"]!["message"]!, StringComparison.Ordinal);
        Assert.Equal("after the flood", (string?)stillAlive["name"]);
    }

    [Fact]
    public async Task FiftyMegabyteLine_IsRejectedWithoutACrash_InNewlineFraming()
    {
        await using var server = await ServerProcess.StartInitializedAsync(newline: true);
        var line = Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":\"big\",\"method\":\"get_workspaces\",\"params\":{\"pad\":\"" + new string('y', 50 * 1024 * 1024) + "\"}}");

        var rejection = server.Expect("big");
        await server.WriteMessageAsync(line);
        var error = await rejection;
        var stillAlive = await server.CallAsync("get_workspaces");

        Assert.Equal(-32600, (int)error["error"]!["code"]!);
        Assert.Empty(stillAlive.AsArray());
    }

    [Fact]
    public async Task UnterminatedOversizedLine_IsAnsweredForItsIdBeforeItEnds_AndTheServerKeepsServingAfterIt()
    {
        await using var server = await ServerProcess.StartInitializedAsync(newline: true);
        var start = Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"get_workspaces\",\"params\":{\"pad\":\"");

        var rejection = server.Expect("7");
        await server.WriteRawAsync(start);
        await server.WriteRawAsync(Encoding.ASCII.GetBytes(new string('z', 20 * 1024 * 1024)));
        var error = await rejection; // no newline sent yet: the line has not ended
        await server.WriteRawAsync(Encoding.ASCII.GetBytes(new string('z', 1024 * 1024) + "\"}}\n"));
        var stillAlive = await server.CallAsync("get_workspaces");

        Assert.Equal(-32600, (int)error["error"]!["code"]!);
        Assert.Equal(7, (int)error["id"]!);
        Assert.Empty(stillAlive.AsArray());
    }

    [Fact]
    public async Task OversizedFrameWithoutAReadableId_IsAnsweredWithANullId()
    {
        await using var server = await ServerProcess.StartInitializedAsync();
        var body = Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"params\":{\"pad\":\"" + new string('q', 17 * 1024 * 1024) + "\"},\"id\":\"late\",\"method\":\"get_workspaces\"}");

        var rejection = server.Expect("null");
        await server.WriteMessageAsync(body);
        var error = await rejection;

        Assert.Equal(-32600, (int)error["error"]!["code"]!);
    }

    private static async Task<System.Text.Json.Nodes.JsonObject> Reply(ServerProcess server, string frame)
    {
        var reply = server.Expect("null");
        await server.WriteMessageAsync(frame);
        return await reply;
    }
}

internal static class TaskExtensions
{
    /// <summary>Awaits <paramref name="action"/>, then the task (which was registered before the action ran).</summary>
    public static async Task<T> WaitAfter<T>(this Task<T> task, Task action)
    {
        await action;
        return await task;
    }
}
