using System.Text;
using System.Xml.Linq;
using Nexo.Testing;

namespace Nexo.Package.Tests;

[Collection(PackageCollection.Name)]
public sealed class PackageTests(PackageFixture package)
{
    private static readonly XNamespace Nuspec = "http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd";

    [Fact]
    public void Package_CarriesDocsReadmeIconAndSymbols()
    {
        var entries = PackageFixture.ReadEntries(package.PackagePath);
        Assert.Contains("lib/net10.0/Nexo.Sdk.dll", entries.Keys);
        Assert.Contains("lib/net10.0/Nexo.Sdk.xml", entries.Keys);
        Assert.Contains("README.md", entries.Keys);
        Assert.Contains("icon.png", entries.Keys);
        Assert.DoesNotContain(entries.Keys, k => k.EndsWith(".pdb", StringComparison.Ordinal));
        var symbols = PackageFixture.ReadEntries(package.SymbolsPath);
        Assert.Contains("lib/net10.0/Nexo.Sdk.pdb", symbols.Keys);

        var nuspec = XDocument.Parse(Encoding.UTF8.GetString(entries["Nexo.Sdk.nuspec"]).TrimStart('\uFEFF'));
        var metadata = nuspec.Root!.Element(Nuspec + "metadata")!;
        Assert.Equal("Nexo.Sdk", metadata.Element(Nuspec + "id")!.Value);
        Assert.Equal(package.Version, metadata.Element(Nuspec + "version")!.Value);
        Assert.Equal("MIT", metadata.Element(Nuspec + "license")!.Value);
        Assert.Equal("README.md", metadata.Element(Nuspec + "readme")!.Value);
        Assert.Equal("icon.png", metadata.Element(Nuspec + "icon")!.Value);
        Assert.False(string.IsNullOrWhiteSpace(metadata.Element(Nuspec + "repository")!.Attribute("url")!.Value));
    }

    [Fact]
    public void PackageDependencies_MatchTheProjectsReferencesAndCentralVersions()
    {
        var root = PackageFixture.RepositoryRoot;
        var versions = XDocument.Load(Path.Combine(root, "Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(e => e.Attribute("Include")!.Value, e => e.Attribute("Version")!.Value);
        var references = XDocument.Load(Path.Combine(root, "src", "Nexo.Sdk", "Nexo.Sdk.csproj")).Descendants("PackageReference")
            .Where(e => e.Attribute("PrivateAssets")?.Value != "All")
            .Select(e => e.Attribute("Include")!.Value)
            .ToDictionary(id => id, id => versions[id]);

        var nuspec = XDocument.Parse(Encoding.UTF8.GetString(PackageFixture.ReadEntries(package.PackagePath)["Nexo.Sdk.nuspec"]).TrimStart('\uFEFF'));
        var dependencies = nuspec.Descendants(Nuspec + "dependency").ToDictionary(e => e.Attribute("id")!.Value, e => e.Attribute("version")!.Value);

        Assert.Equal(references.OrderBy(kv => kv.Key), dependencies.OrderBy(kv => kv.Key));
    }

    [Fact]
    public void PostgreSqlPackage_DependsOnThisNexoSdkAndItsOwnCentralVersions()
    {
        var entries = PackageFixture.ReadEntries(package.PostgreSqlPackagePath);
        Assert.Contains("lib/net10.0/Nexo.Sdk.PostgreSql.dll", entries.Keys);
        Assert.Contains("lib/net10.0/Nexo.Sdk.PostgreSql.xml", entries.Keys);
        Assert.Contains("README.md", entries.Keys);
        Assert.Contains("icon.png", entries.Keys);

        var versions = XDocument.Load(Path.Combine(PackageFixture.RepositoryRoot, "Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(e => e.Attribute("Include")!.Value, e => e.Attribute("Version")!.Value);
        var nuspec = XDocument.Parse(Encoding.UTF8.GetString(entries["Nexo.Sdk.PostgreSql.nuspec"]).TrimStart('\uFEFF'));
        Assert.Equal("Nexo.Sdk.PostgreSql", nuspec.Descendants(Nuspec + "id").Single().Value);
        Assert.Equal(package.Version, nuspec.Descendants(Nuspec + "version").Single().Value);
        var dependencies = nuspec.Descendants(Nuspec + "dependency").ToDictionary(e => e.Attribute("id")!.Value, e => e.Attribute("version")!.Value);
        Assert.Equal($"[{package.Version}]", dependencies["Nexo.Sdk"]);
        Assert.Equal(versions["Npgsql"], dependencies["Npgsql"]);
        Assert.Equal(versions["Dapper"], dependencies["Dapper"]);
        Assert.Equal(3, dependencies.Count);
    }

    [Fact]
    public async Task PackingTwice_GivesTheSameFiles()
    {
        var second = Path.Combine(package.Folder, "second");
        var result = await PackageFixture.RunAsync("dotnet", PackageFixture.RepositoryRoot, "pack", "src/Nexo.Sdk", "-c", "Release", "--no-build", "-o", second, $"-p:Version={package.Version}", "-nologo");
        Assert.True(result.ExitCode == 0, result.Output);

        // NuGet stamps a random id into the core-properties part (and the relationship that points at it); all else is equal.
        static bool Stamped(string name) => name.EndsWith(".psmdcp", StringComparison.Ordinal) || name == "_rels/.rels";
        var a = PackageFixture.ReadEntries(package.PackagePath).Where(e => !Stamped(e.Key)).OrderBy(e => e.Key, StringComparer.Ordinal).ToList();
        var b = PackageFixture.ReadEntries(Path.Combine(second, Path.GetFileName(package.PackagePath))).Where(e => !Stamped(e.Key)).OrderBy(e => e.Key, StringComparer.Ordinal).ToList();
        Assert.Equal(a.Select(e => e.Key), b.Select(e => e.Key));
        Assert.All(a.Zip(b), pair => Assert.True(pair.First.Value.AsSpan().SequenceEqual(pair.Second.Value), $"{pair.First.Key} differs"));
    }

    [Fact]
    public async Task AFreshConsoleProject_UsingOnlyThePackage_RunsAChatTurn()
    {
        await using var model = await FakeOpenAIServer.StartAsync();
        model.Enqueue(FakeResponse.Text("Hello ", "from ", "the package!").WithUsage(5, 3));
        var app = Path.Combine(package.Folder, "consumer");
        Directory.CreateDirectory(app);
        await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{package.Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        await File.WriteAllTextAsync(Path.Combine(app, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Nexo.Sdk" Version="{package.Version}" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), """
            using Nexo;

            await using var nexo = await NexoClient.OpenAsync(new NexoOptions { DatabasePath = Path.Combine(args[1], "consumer.db") });
            var connection = await nexo.Connections.CreateAsync(new NewLlmConnection
            {
                Name = "fake", Provider = LlmProviderKind.OpenAI, BaseUrl = args[0], ApiKey = "sk-consumer", DefaultModel = "gpt-test",
            });
            var workspace = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "consumer" });
            await nexo.Workspaces.UpdateSettingsAsync(workspace.Id, new WorkspaceSettingsPatch { LlmConnectionId = connection.Id });
            var chat = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = workspace.Id, Title = "t" });
            await foreach (var e in nexo.Chats.StreamMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "hi" }))
            {
                if (e is MessageChunkEvent c)
                {
                    Console.Write(c.Chunk);
                }
            }

            Console.WriteLine();
            Console.WriteLine((await nexo.Messages.ListAsync(chat.Id)).Count);
            """);

        // Directory.Build.props and central versions of the repository must not leak into the consumer.
        await File.WriteAllTextAsync(Path.Combine(app, "Directory.Build.props"), "<Project />");
        await File.WriteAllTextAsync(Path.Combine(app, "Directory.Packages.props"), "<Project />");
        var run = await PackageFixture.RunAsync("dotnet", app, "run", "--", model.BaseUrl, app);

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("Hello from the package!\n2", run.Output.Replace("\r", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal("Bearer sk-consumer", model.LastChatRequest!.Header("Authorization"));
    }
}
