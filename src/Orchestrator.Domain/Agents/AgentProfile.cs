using Orchestrator.Domain.Common;

namespace Orchestrator.Domain.Agents;

public enum AgentKind { Simulated, ChatModel, Http, ExternalPull, Learning }

public enum AgentStatus { Active, Paused, Retired }

/// <summary>A machine worker: what it is, what it costs, how much it may take at once.</summary>
public sealed class AgentProfile
{
    private AgentProfile() { Key = ""; Name = ""; Model = ""; ModelVersion = ""; SettingsJson = "{}"; }

    public Guid Id { get; private set; }
    public string Key { get; private set; }
    public string Name { get; private set; }
    public AgentKind Kind { get; private set; }
    public string Model { get; private set; }
    public string ModelVersion { get; private set; }
    public string? Endpoint { get; private set; }
    public decimal CostPerCall { get; private set; }
    public decimal CostPer1kTokens { get; private set; }
    public int MaxConcurrency { get; private set; }
    /// <summary>Open tasks routed to the profile beyond which it counts as saturated and new work goes to humans.</summary>
    public int MaxBacklog { get; private set; }
    public AgentStatus Status { get; private set; }
    /// <summary>Kind-specific settings as JSON (for the simulated agent: accuracy, latency, seed, degrade).</summary>
    public string SettingsJson { get; private set; }
    public DateTime CreatedAt { get; private set; }

    public static AgentProfile Create(string key, string name, AgentKind kind, string model, string modelVersion,
        decimal costPerCall, decimal costPer1kTokens, int maxConcurrency, DateTime now, string? endpoint = null, string settingsJson = "{}", int maxBacklog = 1000)
    {
        var p = new AgentProfile { Id = Guid.NewGuid(), Key = key, Kind = kind, Status = AgentStatus.Active, CreatedAt = now };
        p.Update(name, model, modelVersion, endpoint, costPerCall, costPer1kTokens, maxConcurrency, maxBacklog, settingsJson);
        if (string.IsNullOrWhiteSpace(key) || key.Length > 64)
            throw new ValidationFailedException("agent.invalid", [new("key", "Key is required (at most 64 characters).")]);
        return p;
    }

    public void Update(string name, string model, string modelVersion, string? endpoint, decimal costPerCall, decimal costPer1kTokens,
        int maxConcurrency, int maxBacklog, string settingsJson)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(name)) errors.Add(new("name", "Name is required."));
        if (costPerCall < 0) errors.Add(new("costPerCall", "Cost per call cannot be negative."));
        if (costPer1kTokens < 0) errors.Add(new("costPer1kTokens", "Cost per 1k tokens cannot be negative."));
        if (maxConcurrency is < 1 or > 1000) errors.Add(new("maxConcurrency", "Max concurrency must be between 1 and 1000."));
        if (maxBacklog < 1) errors.Add(new("maxBacklog", "Max backlog must be at least 1."));
        if (errors.Count > 0) throw new ValidationFailedException("agent.invalid", errors);
        Name = name.Trim(); Model = model ?? ""; ModelVersion = modelVersion ?? ""; Endpoint = endpoint;
        CostPerCall = costPerCall; CostPer1kTokens = costPer1kTokens; MaxConcurrency = maxConcurrency; MaxBacklog = maxBacklog;
        SettingsJson = string.IsNullOrWhiteSpace(settingsJson) ? "{}" : settingsJson;
    }

    public void Pause() => Transition(AgentStatus.Active, AgentStatus.Paused, "pause");
    public void Resume() => Transition(AgentStatus.Paused, AgentStatus.Active, "resume");

    public void Retire()
    {
        if (Status == AgentStatus.Retired) throw new DomainException("agent.illegal-transition", $"Agent {Key} is already retired.");
        Status = AgentStatus.Retired;
    }

    public decimal CallCost(int tokens) => Economics.Costs.AgentCallCost(CostPerCall, tokens, CostPer1kTokens);

    private void Transition(AgentStatus from, AgentStatus to, string action)
    {
        if (Status != from) throw new DomainException("agent.illegal-transition", $"Cannot {action} agent {Key}: it is {Status}.");
        Status = to;
    }
}
