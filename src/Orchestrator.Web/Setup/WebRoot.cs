namespace Orchestrator.Web.Setup;

/// <summary>
/// The repository's top-level wwwroot is the web root. Running from the source tree it is two folders up from the
/// project; a published app carries a copy beside the binaries. "--webroot" or ORCHESTRATOR_WEBROOT overrides both.
/// </summary>
public static class WebRoot
{
    public const string Marker = "css/orchestrator.css";

    public static string Locate(string[] args)
    {
        var explicitRoot = ArgValue(args, "--webroot") ?? Environment.GetEnvironmentVariable("ORCHESTRATOR_WEBROOT");
        if (!string.IsNullOrWhiteSpace(explicitRoot)) return Path.GetFullPath(explicitRoot);
        foreach (var start in new[] { ArgValue(args, "--contentRoot"), Directory.GetCurrentDirectory(), AppContext.BaseDirectory }.OfType<string>())
        {
            for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "wwwroot");
                if (File.Exists(Path.Combine(candidate, Marker))) return candidate;
            }
        }
        return Path.Combine(AppContext.BaseDirectory, "wwwroot");
    }

    private static string? ArgValue(string[] args, string name)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith(name + "=", StringComparison.OrdinalIgnoreCase)) return args[i][(name.Length + 1)..];
            if (args[i].Equals(name, StringComparison.OrdinalIgnoreCase) && i + 1 < args.Length) return args[i + 1];
        }
        return null;
    }
}
