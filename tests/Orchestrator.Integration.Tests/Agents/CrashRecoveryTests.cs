using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Orchestrator.Domain.Economics;
using Xunit.Abstractions;

namespace Orchestrator.Integration.Tests.Agents;

[CollectionDefinition(AgentCollections.Crash)]
public sealed class AgentCrashCollection;

/// <summary>
/// The real app as a process: cases flow to simulated agents, the process is killed (-9) mid-flight and started again
/// on the same data folder. Every agent task of the first step must end Completed or Escalated, none lost, none done twice.
/// </summary>
[Collection(AgentCollections.Crash)]
public sealed class CrashRecoveryTests(ITestOutputHelper output)
{
    private const string Triage = "sim-triage";
    private const string CasesKey = "ork_demo_local_only_key";

    /// <summary>
    /// Cases to open; ORCH_CRASH_CASES overrides (1,000 works but takes minutes on a busy 2-core machine: opening a
    /// case costs 50–400 ms there while agents run).
    /// </summary>
    private static int CaseCount => int.TryParse(Environment.GetEnvironmentVariable("ORCH_CRASH_CASES"), out var n) && n > 0 ? n : 200;
    /// <summary>The triage simulator's concurrency, raised from the demo's 4 so the test finishes in time (latency stays 300–2500 ms).</summary>
    private const int TriageConcurrency = 16;

    [Fact]
    public Task Killing_the_process_mid_flight_loses_no_agent_task_and_completes_none_twice() => InterruptMidFlightAsync(graceful: false, CaseCount);

    /// <summary>
    /// A graceful stop (SIGTERM: the Hangfire server shuts down and cancels the runs it holds) and a new start: the same
    /// promises. Runs that finished during the shutdown count once; runs it cut off are run again.
    /// </summary>
    [Fact]
    public Task Restarting_the_job_server_mid_flight_loses_no_agent_task_and_completes_none_twice() => InterruptMidFlightAsync(graceful: true, cases: 80);

    private async Task InterruptMidFlightAsync(bool graceful, int cases)
    {
        var total = Stopwatch.StartNew();
        var folder = Path.Combine(Path.GetTempPath(), "orch-crash-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        var dbPath = Path.Combine(folder, "orchestrator.db");
        AppProcess? app = null;
        try
        {
            app = await AppProcess.StartAsync(folder, output);
            Log($"started in {total.Elapsed.TotalSeconds:0.0} s");
            // The agents of later steps are paused (their tasks go to people), so the 2 cores and the job workers serve the
            // step under test. While cases arrive the triage agent works one at a time, so a backlog builds up for the crash.
            using (var rw = Open(dbPath, readOnly: false))
                Exec(rw, $"UPDATE AgentProfiles SET Status = 'Paused' WHERE Key LIKE 'sim-%' AND Key <> '{Triage}'");
            SetTriageConcurrency(dbPath, 1);

            var first = app;
            using (var client = first.Client())
            {
                await Parallel.ForEachAsync(Enumerable.Range(1, cases), new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (i, ct) =>
                {
                    var body = new
                    {
                        workflow = "auto-claims", externalId = $"crash-{i:D4}",
                        payload = new
                        {
                            policyNumber = $"POL-{100000 + i}", claimantName = $"Claimant {i}", incidentDate = "2026-01-15",
                            description = "Rear-ended at a junction; bumper and tail light damaged.", estimatedAmount = 500 + i,
                        },
                    };
                    for (var attempt = 1; ; attempt++)
                    {
                        try
                        {
                            // the external id makes a repeated POST answer with the case it already opened
                            var response = await client.PostAsJsonAsync("/api/v1/cases", body, ct);
                            Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"case {i}: {(int)response.StatusCode}");
                            return;
                        }
                        catch (HttpRequestException) when (attempt < 3 && !first.HasExited) { await Task.Delay(200, ct); }
                    }
                });
            }
            Log($"{cases} cases opened at {total.Elapsed.TotalSeconds:0.0} s");

            // Then at full speed; kill once a good share of the backlog is done and runs are in flight.
            SetTriageConcurrency(dbPath, TriageConcurrency);
            using (var db = Open(dbPath))
            {
                var agentTasks = Count(db, AgentIntake(""));
                Assert.InRange(agentTasks, (int)(cases * 0.6), (int)(cases * 0.8)); // Hybrid 70%
                var finished = Count(db, AgentIntake("AND Status IN ('Completed','Escalated')"));
                var target = finished + (agentTasks - finished) / 3;
                Assert.True(agentTasks - finished >= 10, $"only {agentTasks - finished} agent tasks were left when the agent sped up: no runs to cut off");
                await WaitUntilAsync(
                    () => Count(db, AgentIntake("AND Status IN ('Completed','Escalated')")) >= target && Count(db, AgentIntake("AND Status = 'Running'")) >= 2,
                    () => Count(db, AgentIntake("AND Status IN ('Completed','Escalated')")), "a third of the backlog done with runs in flight");
            }
            if (graceful) await app.StopAsync(); else await app.KillAsync();
            Log($"{(graceful ? "stopped" : "killed")} at {total.Elapsed.TotalSeconds:0.0} s");

            List<string> runningAtKill;
            using (var db = Open(dbPath))
            {
                runningAtKill = Strings(db, AgentIntake("AND Status = 'Running'", "Id"));
                Log($"at the kill: {runningAtKill.Count} first-step agent tasks running, {Count(db, AgentIntake("AND Status = 'Queued'"))} queued, " +
                    $"{Count(db, AgentIntake("AND Status IN ('Completed','Escalated')"))} finished");
            }
            if (!graceful) Assert.NotEmpty(runningAtKill); // a graceful stop may let every run in flight finish

            app = await AppProcess.StartAsync(folder, output);
            Log($"restarted at {total.Elapsed.TotalSeconds:0.0} s");
            using (var db = Open(dbPath))
            {
                const string open = "SELECT COUNT(*) FROM Tasks WHERE StepKey = 'intake' AND Kind = 'Step' AND ((Route = 'Agent' AND Status = 'Queued') OR Status = 'Running')";
                await WaitUntilAsync(() => Count(db, open) == 0, () => Count(db, AgentIntake("AND Status IN ('Completed','Escalated')")),
                    "no first-step task queued for an agent or running",
                    () => $"{Count(db, AgentIntake("AND Status = 'Running'"))} running, {Count(db, AgentIntake("AND Status = 'Queued'"))} queued");
            }
            Log($"first step drained at {total.Elapsed.TotalSeconds:0.0} s");
            await app.KillAsync();

            using (var db = Open(dbPath))
                AssertConsistent(db, cases, runningAtKill);
            Log($"done in {total.Elapsed.TotalSeconds:0.0} s");
        }
        catch
        {
            app?.Dump(output);
            throw;
        }
        finally
        {
            if (app is not null) await app.KillAsync();
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static void AssertConsistent(SqliteConnection db, int cases, List<string> runningAtKill)
    {
        // none lost: every case exists with exactly one first-step task
        Assert.Equal(cases, Count(db, "SELECT COUNT(*) FROM Cases WHERE WorkflowKey = 'auto-claims'"));
        Assert.Equal(0, Count(db, "SELECT COUNT(*) FROM Cases c WHERE (SELECT COUNT(*) FROM Tasks t WHERE t.CaseId = c.Id AND t.StepKey = 'intake' AND t.Kind = 'Step') <> 1"));

        // every first-step task routed to the agent ended Completed or Escalated
        var notEnded = Strings(db, AgentIntake("AND Status NOT IN ('Completed','Escalated')", "Id || ' ' || Status"));
        Assert.True(notEnded.Count == 0, "not ended: " + string.Join(", ", notEnded.Take(10)));
        Assert.Equal(0, Count(db, AgentIntake("AND Status = 'Completed' AND (CompletedBy IS NULL OR CompletedBy <> 'sim-triage')")));

        // the runs the kill cut off were run again (a new attempt) and ended
        foreach (var id in runningAtKill)
        {
            var row = Strings(db, $"SELECT Status || ' ' || Attempt FROM Tasks WHERE Id = '{id}'").Single().Split(' ');
            Assert.True(row[0] is "Completed" or "Escalated", $"task {id} cut off by the kill is {row[0]}");
            Assert.True(int.Parse(row[1]) >= 2, $"task {id} cut off by the kill ended without a new attempt");
        }

        // nothing done twice: one task per case and step (and per reviewed task), no duplicate next-step tasks
        var duplicates = Strings(db, "SELECT CaseId || ' ' || StepKey || ' ' || Kind FROM Tasks GROUP BY CaseId, StepKey, Kind HAVING COUNT(*) > 1");
        Assert.True(duplicates.Count == 0, "duplicate tasks: " + string.Join(", ", duplicates.Take(10)));
        // each completed first-step task moved its case on exactly once
        Assert.Equal(0, Count(db, """
            SELECT COUNT(*) FROM Tasks i WHERE i.StepKey = 'intake' AND i.Kind = 'Step' AND i.Status = 'Completed'
              AND (SELECT COUNT(*) FROM Tasks n WHERE n.CaseId = i.CaseId AND n.StepKey = 'extract' AND n.Kind = 'Step') <> 1
            """));
        // the case counted each completion once, and its agent cost once
        var miscounted = Strings(db, """
            SELECT c.Id FROM Cases c WHERE c.TasksCompleted <> (SELECT COUNT(*) FROM Tasks t WHERE t.CaseId = c.Id AND t.Kind = 'Step' AND t.Status = 'Completed')
               OR c.AgentTasksCompleted <> (SELECT COUNT(*) FROM Tasks t WHERE t.CaseId = c.Id AND t.Kind = 'Step' AND t.Status = 'Completed' AND t.Route = 'Agent')
            """);
        Assert.True(miscounted.Count == 0, "cases counting completions wrong: " + string.Join(", ", miscounted.Take(10)));
        // (decimals are TEXT in SQLite: sum them here, not with SQL's floating-point SUM)
        var taskCosts = Strings(db, "SELECT CaseId || ' ' || AgentCost FROM Tasks WHERE Kind = 'Step' AND Status = 'Completed'")
            .Select(r => r.Split(' ')).GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.Sum(p => Dec(p[1])));
        foreach (var row in Strings(db, "SELECT Id || ' ' || AgentCost FROM Cases"))
        {
            var parts = row.Split(' ');
            var expected = taskCosts.GetValueOrDefault(parts[0]);
            Assert.True(Dec(parts[1]) == expected, $"case {parts[0]}: agent cost {parts[1]} but its completed tasks cost {expected}");
        }
        // each agent answer was paid once: a task's agent cost is the price of one call for its tokens
        foreach (var row in Strings(db, AgentIntake("AND (Status = 'Completed' OR Confidence IS NOT NULL)", "Id || ' ' || AgentCost || ' ' || Tokens")))
        {
            var parts = row.Split(' ');
            var expected = Costs.AgentCallCost(0.002m, int.Parse(parts[2]), 0.01m);
            Assert.True(Dec(parts[1]) == expected, $"task {parts[0]}: agent cost {parts[1]}, one call costs {expected}");
        }
        Assert.Equal(0, Count(db, "SELECT COUNT(*) FROM (SELECT SubjectId FROM AuditEvents WHERE Action = 'task.escalated' GROUP BY SubjectId HAVING COUNT(*) > 1)"));
    }

    /// <summary>How long the work may stand still before the test gives up: on a loaded machine it is slow, not stuck.</summary>
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Polls until <paramref name="done"/>; fails only when <paramref name="progress"/> has not moved for <see cref="Stall"/>
    /// (so a busy machine makes the test slower, not red).
    /// </summary>
    private async Task WaitUntilAsync(Func<bool> done, Func<int> progress, string what, Func<string>? state = null)
    {
        var last = progress();
        var still = Stopwatch.StartNew();
        var report = Stopwatch.StartNew();
        while (!done())
        {
            var now = progress();
            if (now != last) { last = now; still.Restart(); }
            Assert.True(still.Elapsed < Stall, $"waiting for {what}: no progress for {Stall.TotalSeconds:0} s ({state?.Invoke() ?? $"progress {now}"})");
            if (state is not null && report.Elapsed > TimeSpan.FromSeconds(5)) { Log("  " + state()); report.Restart(); }
            await Task.Delay(100);
        }
    }

    private static decimal Dec(string s) => decimal.Parse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);

    private static void SetTriageConcurrency(string dbPath, int max)
    {
        using var rw = Open(dbPath, readOnly: false);
        Exec(rw, $"UPDATE AgentProfiles SET MaxConcurrency = {max} WHERE Key = '{Triage}'");
    }

    private static string AgentIntake(string condition, string select = "COUNT(*)") =>
        $"SELECT {select} FROM Tasks WHERE StepKey = 'intake' AND Kind = 'Step' AND AgentProfileKey = '{Triage}' {condition}";

    private void Log(string message) => output.WriteLine("[crash] " + message);

    private static SqliteConnection Open(string path, bool readOnly = true)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path, Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 30,
        }.ToString());
        connection.Open();
        Exec(connection, "PRAGMA busy_timeout = 30000;");
        return connection;
    }

    private static void Exec(SqliteConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static int Count(SqliteConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt32(command.ExecuteScalar());
    }

    private static List<string> Strings(SqliteConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var list = new List<string>();
        while (reader.Read()) list.Add(reader.GetValue(0).ToString()!);
        return list;
    }

    /// <summary>Orchestrator.Web.dll from the build output, run as its own process on a free port.</summary>
    private sealed class AppProcess
    {
        private readonly Process _process;
        private readonly ConcurrentQueue<string> _lines;
        private readonly string _url;

        private AppProcess(Process process, ConcurrentQueue<string> lines, string url) { _process = process; _lines = lines; _url = url; }

        public static async Task<AppProcess> StartAsync(string dataFolder, ITestOutputHelper output)
        {
            var root = RepoRoot();
            var configuration = BuildConfiguration();
            var dll = Path.Combine(root, "src", "Orchestrator.Web", "bin", configuration, "net10.0", "Orchestrator.Web.dll");
            Assert.True(File.Exists(dll), $"{dll} is missing: build src/Orchestrator.Web ({configuration}) first.");
            var url = $"http://127.0.0.1:{FreePort()}";
            var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                WorkingDirectory = Path.Combine(root, "src", "Orchestrator.Web"),
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            info.ArgumentList.Add(dll);
            info.ArgumentList.Add("--urls");
            info.ArgumentList.Add(url);
            info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
            info.Environment["Store__DataFolder"] = dataFolder;
            info.Environment["Demo__Enabled"] = "true";
            info.Environment["Demo__InitialCases"] = "0";
            info.Environment["Demo__CasesPerMinute"] = "0";
            info.Environment["Demo__Backfill__Enabled"] = "false";
            info.Environment["Demo__CrewSize"] = "0"; // the simulated crew would claim escalated tasks and finish them as people
            info.Environment["Work__AgentLease"] = "00:00:10";
            info.Environment["Work__SweepInterval"] = "00:00:02";
            info.Environment["Jobs__Workers"] = "24"; // a job holds its worker for the whole run: 16 triage runs and slack
            info.Environment["Logging__LogLevel__Default"] = "Warning";
            info.Environment.Remove("ASPNETCORE_URLS");
            var lines = new ConcurrentQueue<string>();
            var process = new Process { StartInfo = info };
            process.OutputDataReceived += (_, e) => Keep(lines, e.Data);
            process.ErrorDataReceived += (_, e) => Keep(lines, e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var app = new AppProcess(process, lines, url);

            using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(5) };
            var deadline = DateTime.UtcNow.AddSeconds(240);
            while (DateTime.UtcNow < deadline)
            {
                if (process.HasExited)
                {
                    output.WriteLine(string.Join(Environment.NewLine, lines));
                    Assert.Fail($"the app exited with {process.ExitCode} while starting");
                }
                try
                {
                    if ((await http.GetAsync("/healthz")).IsSuccessStatusCode) return app;
                }
                catch (HttpRequestException) { }
                catch (TaskCanceledException) { }
                await Task.Delay(250);
            }
            output.WriteLine(string.Join(Environment.NewLine, lines));
            await app.KillAsync();
            throw new TimeoutException("the app did not answer /healthz within 240 s");
        }

        public bool HasExited => _process.HasExited;

        public void Dump(ITestOutputHelper output)
        {
            try { output.WriteLine($"[app] exited: {_process.HasExited}; last output:{Environment.NewLine}{string.Join(Environment.NewLine, _lines)}"); }
            catch (InvalidOperationException) { }
        }

        public HttpClient Client()
        {
            var client = new HttpClient { BaseAddress = new Uri(_url), Timeout = TimeSpan.FromSeconds(60) };
            client.DefaultRequestHeaders.Authorization = new("Bearer", CasesKey);
            return client;
        }

        /// <summary>SIGTERM, as a service manager stops the app; killed after 60 s.</summary>
        public async Task StopAsync()
        {
            if (_killed || _process.HasExited) return;
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString()])) await term.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try { await _process.WaitForExitAsync(timeout.Token); }
            catch (OperationCanceledException) { }
            await KillAsync();
        }

        public async Task KillAsync()
        {
            if (_killed) return;
            _killed = true;
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        private bool _killed;

        private static void Keep(ConcurrentQueue<string> lines, string? line)
        {
            if (line is null) return;
            lines.Enqueue(line);
            while (lines.Count > 200) lines.TryDequeue(out _);
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Orchestrator.sln"))) return dir.FullName;
        throw new InvalidOperationException("Orchestrator.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Debug or Release: the folder after "bin" in this test assembly's path.</summary>
    public static string BuildConfiguration()
    {
        var parts = AppContext.BaseDirectory.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var bin = Array.LastIndexOf(parts, "bin");
        return bin >= 0 && bin + 1 < parts.Length ? parts[bin + 1] : "Debug";
    }
}
