namespace Nexo.Sdk.Tests.Settings;

public sealed class AppSettingServiceTests
{
    [Fact]
    public async Task SetGetOverwriteListDelete()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();

        Assert.Null(await nexo.Settings.GetAsync("theme"));
        await nexo.Settings.SetAsync("theme", "dark");
        await nexo.Settings.SetAsync("editor", "vim");
        await nexo.Settings.SetAsync(" theme ", "light");
        await nexo.Settings.SetAsync("empty", "");

        Assert.Equal("light", await nexo.Settings.GetAsync("theme"));
        Assert.Equal("", await nexo.Settings.GetAsync("empty"));
        var all = await nexo.Settings.ListAsync();
        Assert.Equal(["editor", "empty", "theme"], all.Select(s => s.Key));
        Assert.Equal(["vim", "", "light"], all.Select(s => s.Value));

        Assert.True(await nexo.Settings.DeleteAsync("theme"));
        Assert.False(await nexo.Settings.DeleteAsync("theme"));
        Assert.Null(await nexo.Settings.GetAsync("theme"));
        Assert.Equal(["editor", "empty"], (await nexo.Settings.ListAsync()).Select(s => s.Key));
    }

    [Fact]
    public async Task Settings_SurviveReopening()
    {
        await using var db = new TempDatabase();
        await using (var first = await db.OpenAsync())
        {
            await first.Settings.SetAsync("k", "v");
        }

        await using var second = await db.OpenAsync();
        Assert.Equal("v", await second.Settings.GetAsync("k"));
    }
}
