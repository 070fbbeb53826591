namespace Orchestrator.Web.Components.Shared;

/// <summary>How an agent's version reads next to its name: "v1.0" for a numbered version, a named one ("untrained") as it is.</summary>
public static class VersionLabel
{
    public static string Of(string? version) => version is { Length: > 0 } v && char.IsDigit(v[0]) ? "v" + v : version ?? "";
}
