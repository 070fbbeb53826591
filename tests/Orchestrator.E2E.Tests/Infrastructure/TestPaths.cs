namespace Orchestrator.E2E.Tests.Infrastructure;

public static class TestPaths
{
    /// <summary>The folder holding Orchestrator.sln, found by walking up from the test binaries.</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Orchestrator.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds Orchestrator.sln.");
    }

    /// <summary>Debug or Release, read from the test assembly's own path (…/bin/Release/net10.0/).</summary>
    public static string Configuration()
    {
        var parts = typeof(TestPaths).Assembly.Location.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        var bin = Array.FindLastIndex(parts, p => p.Equals("bin", StringComparison.OrdinalIgnoreCase));
        var name = bin >= 0 && bin + 1 < parts.Length ? parts[bin + 1] : "";
        return name.Equals("Release", StringComparison.OrdinalIgnoreCase) ? "Release" : "Debug";
    }

    /// <summary>Where screenshots go: beside the test binaries and in the repository's git-ignored artifacts folder.</summary>
    public static IReadOnlyList<string> ScreenshotFolders() =>
    [
        Path.Combine(AppContext.BaseDirectory, "screenshots"),
        Path.Combine(RepoRoot(), "artifacts", "screenshots"),
    ];
}
