using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.Infrastructure.Security;

/// <summary>A key for machines calling the REST API. Only its SHA-256 hash is stored; the secret is shown once.</summary>
public sealed class ApiKey
{
    public const string SecretPrefix = "ork_";

    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    /// <summary>The first characters of the secret, to tell keys apart in lists.</summary>
    public string Prefix { get; set; } = "";
    public string Hash { get; set; } = "";
    /// <summary>Comma-separated scopes: cases, tasks.</summary>
    public string Scopes { get; set; } = "cases";
    public string? AgentProfileKey { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTime? ExpiresAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }

    public bool IsUsable(DateTime now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
    public bool HasScope(string scope) => Scopes.Split(',', StringSplitOptions.TrimEntries).Contains(scope);

    public static string HashSecret(string secret) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static string NewSecret() =>
        SecretPrefix + Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
}
