using System.Diagnostics;

namespace Nexo.Sdk.Tests.Mcp;

/// <summary>The process-tree kill never takes a process that only shares a pid with the one it saw.</summary>
public sealed class McpProcessTreeTests
{
    [Fact]
    public void IsAlive_IsFalse_ForAPidWhoseStartTimeIsNotTheOneRecorded()
    {
        var self = Processes.ProcStat.Read(Environment.ProcessId)!.Value;

        Assert.True(McpProcessTree.IsAlive((Environment.ProcessId, self.StartTicks)));
        Assert.False(McpProcessTree.IsAlive((Environment.ProcessId, self.StartTicks + 1)));
    }

    [Fact]
    public async Task KillAll_KillsTheTaggedProcessesItFinds_ChildrenIncluded()
    {
        var tag = McpProcessTree.NewTag();
        var info = new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", "sleep 60 & exec sleep 60" }, RedirectStandardInput = true };
        info.Environment[McpProcessTree.TagVariable] = tag;
        using var shell = Process.Start(info)!;
        for (var i = 0; i < 50 && McpProcessTree.Find(tag).Count < 2; i++)
        {
            await Task.Delay(50);
        }

        var tagged = McpProcessTree.Find(tag);
        McpProcessTree.KillAll(tag);
        await shell.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        for (var i = 0; i < 50 && McpProcessTree.Find(tag).Count > 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(2, tagged.Count);
        Assert.Empty(McpProcessTree.Find(tag));
    }
}
