namespace Orchestrator.E2E.Tests.Infrastructure;

public static class Screenshots
{
    /// <summary>Saves a full-page PNG beside the test binaries and under the repository's artifacts/screenshots.</summary>
    public static async Task SaveAsync(IPage page, string name)
    {
        var bytes = await page.ScreenshotAsync(new() { FullPage = true, Timeout = 15_000 });
        foreach (var folder in TestPaths.ScreenshotFolders())
        {
            Directory.CreateDirectory(folder);
            await File.WriteAllBytesAsync(Path.Combine(folder, name + ".png"), bytes);
        }
    }
}
