using System.Diagnostics;
using Microsoft.Playwright;

namespace Orchestrator.Benchmarks;

/// <summary>
/// Memory per open queue page: the real app in this process, and N queue pages (each its own Blazor circuit) opened
/// by a signed-in worker in Debian's Chromium. The app's managed heap (after a full collection) and this process's
/// working set are read before, with all pages open, and after they close.
/// </summary>
public static class CircuitsBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var pages = args.FirstOrDefault(a => int.TryParse(a, out _)) is { } n ? int.Parse(n) : 100;
        Console.WriteLine($"circuits: {pages} queue pages (Blazor Server circuits) in Chromium; {Environment.ProcessorCount} cores; load average {ClaimsBenchmark.LoadAverage()}");
        await using var app = PipelineAppHost.Start(new Dictionary<string, string> { ["Demo__InitialCases"] = "40" });
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BenchBrowser.LaunchAsync(playwright);
        var context = await BenchBrowser.SignedInAsync(browser, app.BaseAddress, "worker@demo.local");

        // One page first: JIT, caches and the first render are not per-circuit costs.
        var warm = await OpenQueueAsync(context);
        await warm.CloseAsync();
        await Task.Delay(2000);
        var (managed0, working0) = Measure();

        var open = new List<IPage>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < pages; i++) open.Add(await OpenQueueAsync(context));
        var opened = clock.Elapsed;
        await Task.Delay(3000);
        var (managed1, working1) = Measure();

        foreach (var page in open) await page.CloseAsync();
        await Task.Delay(5000);
        var (managed2, working2) = Measure();

        Console.WriteLine();
        Console.WriteLine($"opened {pages} live queue pages in {opened.TotalSeconds:0.0} s");
        Console.WriteLine("| measure | before | with the pages open | per page | after they closed |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Console.WriteLine($"| app managed heap (after full GC) | {Mb(managed0)} | {Mb(managed1)} | {Kb((managed1 - managed0) / (double)pages)} | {Mb(managed2)} |");
        Console.WriteLine($"| process working set | {Mb(working0)} | {Mb(working1)} | {Kb((working1 - working0) / (double)pages)} | {Mb(working2)} |");
        Console.WriteLine($"load average at the end {ClaimsBenchmark.LoadAverage()}");
        return 0;
    }

    /// <summary>Opens the queue and waits until its circuit is live: the page has rendered interactively and answers.</summary>
    private static async Task<IPage> OpenQueueAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/queue");
        await page.GetByTestId("queue-table").WaitForAsync();
        await page.WaitForFunctionAsync("() => window.Blazor !== undefined && document.querySelector('[data-testid=next-task]') !== null");
        return page;
    }

    private static (long Managed, long WorkingSet) Measure()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var self = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(false), self.WorkingSet64);
    }

    private static string Mb(long bytes) => $"{bytes / 1024.0 / 1024.0:0.0} MB";
    private static string Kb(double bytes) => $"{bytes / 1024.0:0} KB";
}
