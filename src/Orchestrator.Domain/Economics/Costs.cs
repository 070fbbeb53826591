namespace Orchestrator.Domain.Economics;

/// <summary>The cost arithmetic of PRODUCT.md, "Economics".</summary>
public static class Costs
{
    /// <summary>Active handle time × the worker's hourly cost, to the cent.</summary>
    public static decimal HumanTaskCost(double handleSeconds, decimal hourlyCost) =>
        decimal.Round((decimal)handleSeconds / 3600m * hourlyCost, 4, MidpointRounding.AwayFromZero);

    /// <summary>Cost per call + tokens × price per 1k tokens.</summary>
    public static decimal AgentCallCost(decimal costPerCall, int tokens, decimal costPer1kTokens) =>
        decimal.Round(costPerCall + tokens / 1000m * costPer1kTokens, 6, MidpointRounding.AwayFromZero);
}
