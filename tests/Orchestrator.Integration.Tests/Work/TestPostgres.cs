using Npgsql;

namespace Orchestrator.Integration.Tests.Work;

/// <summary>
/// A throwaway database per test on the PostgreSQL server named by ORCHESTRATOR_TEST_POSTGRES (a connection string to
/// a maintenance database, with rights to create databases). `.ci/test` starts a local server and sets it. Each
/// database's pool stays well under the server's 100 connections: a crowd of claimers waits for a connection.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "ORCHESTRATOR_TEST_POSTGRES";

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set. These tests run on a real PostgreSQL server: run `bash .ci/test` (it starts one from "
                + "Debian's packages) or set it, e.g. Host=127.0.0.1;Username=postgres;Password=...;Database=postgres.");

    public static async Task<string> CreateDatabaseAsync()
    {
        var name = "orch_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, MaxPoolSize = 40 }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(AdminConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
        // An autovacuum worker may be busy in the database after a test's heavy writes; FORCE may not end it for a
        // non-superuser (42501), and it ends by itself within moments.
        for (var attempt = 1; ; attempt++)
        {
            try { await drop.ExecuteNonQueryAsync(); return; }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 20) { await Task.Delay(250); }
        }
    }
}
