using System.Diagnostics;
using Npgsql;

namespace Orchestrator.E2E.Tests.ScaleOut;

/// <summary>
/// A throwaway PostgreSQL server of the test's own (initdb + pg_ctl from Debian's package, in a temp folder, on a free
/// loopback port, trust authentication), so a test may stop and start it mid-run; restarting the machine's shared
/// cluster would break every other test on it. PostgreSQL refuses to run as root: as root (CI) each pg command runs as
/// the package's `postgres` user through `runuser`, and the folder is handed to that user. Without the package this
/// fails, it never skips.
/// </summary>
public sealed class OwnPostgres : IAsyncDisposable
{
    private const string SystemUser = "postgres";
    private readonly string _bin;
    private readonly string _folder;

    public int Port { get; } = OwnRedis.FreePort();
    private string DataFolder => Path.Combine(_folder, "data");

    private OwnPostgres(string bin, string folder)
    {
        _bin = bin;
        _folder = folder;
    }

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database, MaxPoolSize = 30,
    }.ConnectionString;

    public static async Task<OwnPostgres> StartAsync(string database)
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).FirstOrDefault()
            : null;
        if (bin is null)
            throw new InvalidOperationException("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): the fault tests start a server of their own (apt-get install -y postgresql).");
        // The postgres user must reach the folder: a TMPDIR made by mktemp (mode 700, root's) it cannot enter.
        var folder = Path.Combine(AsRoot ? "/tmp" : Path.GetTempPath(), "orchestrator-pg-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(folder);
        if (AsRoot) await RunAsync("chown", "-R", $"{SystemUser}:{SystemUser}", folder);
        var server = new OwnPostgres(bin, folder);
        await server.PgAsync("initdb", "-D", server.DataFolder, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8");
        await server.StartServerAsync();
        await using var connection = new NpgsqlConnection(server.ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
        await create.ExecuteNonQueryAsync();
        return server;
    }

    /// <summary>Stops the server (fast shutdown: sessions are cut off) and starts it again on the same port after a pause.</summary>
    public async Task RestartAsync(TimeSpan down)
    {
        await PgAsync("pg_ctl", "stop", "-D", DataFolder, "-m", "fast", "-w");
        await Task.Delay(down);
        await StartServerAsync();
    }

    private Task StartServerAsync() => PgAsync("pg_ctl", "start", "-w", "-D", DataFolder, "-l", Path.Combine(_folder, "server.log"),
        "-o", $"-p {Port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200");

    private static bool AsRoot => Environment.UserName == "root";

    private Task PgAsync(string tool, params string[] args) =>
        AsRoot ? RunAsync("runuser", ["-u", SystemUser, "--", Path.Combine(_bin, tool), .. args]) : RunAsync(Path.Combine(_bin, tool), args);

    private static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed with code {process.ExitCode}:\n{await output}\n{await error}");
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try { await PgAsync("pg_ctl", "stop", "-D", DataFolder, "-m", "immediate", "-w"); }
        catch (InvalidOperationException) { /* not running */ }
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
