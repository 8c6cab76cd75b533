namespace Nexo;

/// <summary>Where Nexo keeps its data by default.</summary>
public static class NexoPaths
{
    /// <summary>The database file name inside the data folder.</summary>
    public const string DatabaseFileName = "nexo.db";

    /// <summary>
    /// The data folder: <c>$NEXO_HOME</c> when set, else <c>$XDG_DATA_HOME/nexo</c>, else the user's local
    /// application data folder plus <c>nexo</c> (<c>~/.local/share/nexo</c> on Linux).
    /// </summary>
    public static string DataDirectory
    {
        get
        {
            var home = Environment.GetEnvironmentVariable("NEXO_HOME");
            if (!string.IsNullOrWhiteSpace(home))
            {
                return Path.GetFullPath(home);
            }

            var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
            if (!string.IsNullOrWhiteSpace(xdg))
            {
                return Path.Combine(Path.GetFullPath(xdg), "nexo");
            }

            var local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
            if (string.IsNullOrEmpty(local))
            {
                local = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
            }

            return Path.Combine(local, "nexo");
        }
    }

    /// <summary>The default database file: <see cref="DataDirectory"/>/<see cref="DatabaseFileName"/>.</summary>
    public static string DefaultDatabasePath => Path.Combine(DataDirectory, DatabaseFileName);
}
